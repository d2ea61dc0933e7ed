#!/usr/bin/env bash
# Proves the ciagent image runs, without a Docker engine: builds an equivalent of the Dockerfile's final stage and runs the agent in it
# as a non-root uid on a workspace that another uid owns, the way Azure DevOps container jobs and `docker run --user` do.
#
# The image: a Debian bookworm root filesystem from mmdebstrap with the packages the stage and its sdk base add, this machine's .NET SDK
# copied to /usr/share/dotnet (instead of the sdk base image), ciagent published exactly as the Dockerfile's build stage publishes it,
# and docker/ciagent as /usr/local/bin/ciagent; buildah (vfs storage, chroot isolation) turns it into an image and runs containers of it.
# It does not fetch the 8.0 and 9.0 SDKs (dot.net may be unreachable) or dotnet-install.sh. This machine's extra CA certificates
# (/usr/local/share/ca-certificates) and NUGET_CERT_REVOCATION_MODE are passed on, as a company image behind a TLS proxy would do.
# Each step runs in a fresh container of the image: MSBuild nodes a run leaves behind must not serve the next one from another mount.
#
# Usage: docker/smoke.sh        as root; needs mmdebstrap, buildah, dotnet and access to deb.debian.org and NuGet.
#        SMOKE_ROOTFS=FILE uses a root filesystem tarball an earlier run kept instead of running mmdebstrap again.
#        SMOKE_KEEP=1 keeps the work folder (root filesystem, image storage, logs, workspaces) for a look afterwards.
# Prints PASS or FAIL with the time for each step and exits non-zero when any step fails. Not part of CI: it needs root and minutes.
set -uo pipefail

repository="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/ciagent-smoke.XXXXXX)"
runner_uid=1001   # the job's user inside the container: no passwd entry, so HOME is /, as with `docker run --user 1001`
owner_uid=1002    # the checkout's owner on the host: not the job's user, so git sees "dubious ownership"
suite=bookworm
# The final stage's apt-get line (git, ca-certificates, curl) plus what the sdk base image brings for dotnet itself.
packages=ca-certificates,curl,git,wget,libatomic1,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g
image=localhost/ciagent-smoke
buildah=(buildah --storage-driver vfs --root "$work/storage" --runroot "$work/run")
failures=0
image_container=""

mkdir -p "$work/logs"

cleanup() {
  if [ -n "$image_container" ]; then "${buildah[@]}" rm "$image_container" >/dev/null 2>&1; fi
  if [ "${SMOKE_KEEP:-0}" = 1 ]; then
    echo "smoke: kept $work"
  else
    "${buildah[@]}" rm --all >/dev/null 2>&1
    "${buildah[@]}" rmi --all --force >/dev/null 2>&1
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# Runs one step with its output in logs/<name>.log; prints PASS or FAIL with the elapsed time, and the log's tail on failure.
step() {
  local name="$1"
  shift
  local started=$SECONDS log="$work/logs/${name//[^A-Za-z0-9._-]/_}.log"
  if "$@" >"$log" 2>&1; then
    printf 'PASS  %-34s %4d s\n' "$name" $((SECONDS - started))
  else
    printf 'FAIL  %-34s %4d s  (log: %s)\n' "$name" $((SECONDS - started)) "$log"
    tail -n 25 "$log" | sed 's/^/      | /'
    failures=$((failures + 1))
    return 1
  fi
}

# Building the image must work before anything can run in it.
build_or_stop() {
  step "$@" || { echo "smoke: FAIL (the image could not be built)"; SMOKE_KEEP=1; exit 1; }
}

preconditions() {
  [ "$(id -u)" = 0 ] || { echo "run as root: the root filesystem and the bind mounts need it"; return 1; }
  local tool
  for tool in mmdebstrap buildah dotnet git; do
    command -v "$tool" || { echo "missing $tool (apt-get install mmdebstrap buildah)"; return 1; }
  done
}

root_filesystem() {
  if [ -n "${SMOKE_ROOTFS:-}" ]; then
    cp "$SMOKE_ROOTFS" "$work/rootfs.tar"
    return
  fi
  mmdebstrap --variant=minbase --include="$packages" "$suite" "$work/rootfs.tar" http://deb.debian.org/debian
}

# The build stage copies only the props files and src/, so publishing from such a copy also proves nothing else is needed.
publish() {
  mkdir -p "$work/context"
  cp "$repository/Directory.Build.props" "$repository/Directory.Packages.props" "$work/context/"
  cp -a "$repository/src" "$work/context/src"
  # .dockerignore keeps the host's bin/ and obj/ out of the build context; do the same here.
  find "$work/context/src" -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
  (cd "$work/context" && dotnet publish src/CiAgent.Cli/CiAgent.Cli.csproj --configuration Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true --output "$work/app" --nologo)
}

image() {
  local sdk container
  sdk="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  container="$("${buildah[@]}" from scratch)" || return 1
  image_container="$container"
  "${buildah[@]}" add "$container" "$work/rootfs.tar" / &&
    if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
      "${buildah[@]}" add "$container" /usr/local/share/ca-certificates /usr/local/share/ca-certificates &&
        "${buildah[@]}" run --isolation chroot "$container" -- update-ca-certificates
    fi &&
    "${buildah[@]}" add "$container" "$sdk" /usr/share/dotnet &&
    "${buildah[@]}" add "$container" "$work/app" /app &&
    "${buildah[@]}" add "$container" "$repository/docker/ciagent" /usr/local/bin/ciagent &&
    "${buildah[@]}" run --isolation chroot "$container" -- sh -c 'ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && chmod +x /usr/local/bin/ciagent' &&
    "${buildah[@]}" config \
      --env DOTNET_RUNNING_IN_CONTAINER=true \
      --env DOTNET_USE_POLLING_FILE_WATCHER=true \
      --env NUGET_XMLDOC_MODE=skip \
      --env DOTNET_CLI_TELEMETRY_OPTOUT=1 \
      --env DOTNET_NOLOGO=1 \
      --env DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
      "$container" &&
    "${buildah[@]}" commit --quiet "$container" "$image" &&
    "${buildah[@]}" rm "$container" &&
    image_container=""
}

# Runs a command in a fresh container of the image as the runner's uid, with the given directory mounted as the checkout.
in_image() {
  local checkout="$1" container status root pid leftovers=()
  shift
  container="$("${buildah[@]}" from "$image")" || return 1
  "${buildah[@]}" run --isolation chroot --user "$runner_uid:$runner_uid" \
    ${NUGET_CERT_REVOCATION_MODE:+--env "NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE"} \
    --volume "$checkout:/github/workspace" --volume "$work/file_commands:/github/file_commands" \
    --workingdir /github/workspace "$container" -- "$@"
  status=$?
  # A container ends with its command, but chroot isolation leaves its orphans (MSBuild nodes) running; end exactly those.
  root="$(stat -c %d:%i "$("${buildah[@]}" mount "$container")")"
  for pid in $(pgrep -u "$runner_uid"); do
    if [ "$(stat -L -c %d:%i "/proc/$pid/root" 2>/dev/null)" = "$root" ]; then leftovers+=("$pid"); fi
  done
  if [ ${#leftovers[@]} -gt 0 ]; then
    echo "--- left running in the container, now ended:"
    ps -o pid=,args= -p "$(IFS=,; echo "${leftovers[*]}")"
    kill "${leftovers[@]}" 2>/dev/null
  fi
  "${buildah[@]}" umount "$container" >/dev/null
  "${buildah[@]}" rm "$container" >/dev/null
  return $status
}

# Output goes to a file before it is searched: grep -q in a pipeline would end tee early, and pipefail would call that a failure.
version() {
  in_image "$work/empty" /usr/local/bin/ciagent --version >"$work/version.out" || return 1
  cat "$work/version.out"
  grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+' "$work/version.out"
}

# The demo heals its bundled solution in the container's /tmp and commits; the commit it shows carries ciagent's trailer.
demo() {
  in_image "$work/empty" /usr/local/bin/ciagent demo >"$work/demo.out" || return 1
  cat "$work/demo.out"
  grep -q '^ciagent: healed' "$work/demo.out" && grep -q 'Generated-by: ciagent' "$work/demo.out"
}

# A broken copy of a bench fixture, committed by its owner: StatementFormatter.cs loses `using System.Text;`, so StringBuilder no longer binds.
broken_checkout() {
  local checkout="$work/checkout"
  cp -a "$repository/bench/fixtures/Ledger" "$checkout"
  find "$checkout" -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
  sed -i '/^using System.Text;$/d' "$checkout/src/Ledger.Reports/StatementFormatter.cs"
  git -C "$checkout" init --quiet --initial-branch=main &&
    git -C "$checkout" add --all &&
    git -C "$checkout" -c user.name=Owner -c user.email=owner@example.com commit --quiet -m "Ledger on a bad day" &&
    chown -R "$owner_uid:$owner_uid" "$checkout" &&
    # Writable by the job, owned by someone else: the combination git refuses without safe.directory.
    chmod -R a+rwX "$checkout" &&
    ! grep -q '^using System.Text;$' "$checkout/src/Ledger.Reports/StatementFormatter.cs"
}

# Without the entrypoint git must refuse the checkout; otherwise the heal below would not prove the entrypoint's safe.directory.
dubious_without_entrypoint() {
  in_image "$work/checkout" git status >"$work/git.out" 2>&1
  cat "$work/git.out"
  grep -q 'dubious ownership' "$work/git.out"
}

# The entrypoint and environment as the runner starts a docker action: every input with a value as INPUT_<NAME>, hyphens kept.
heal() {
  local checkout="$work/checkout"
  : >"$work/file_commands/set_output"
  : >"$work/file_commands/step_summary"
  chown -R "$runner_uid:$runner_uid" "$work/file_commands"
  in_image "$checkout" env \
    GITHUB_ACTIONS=true GITHUB_WORKSPACE=/github/workspace \
    GITHUB_OUTPUT=/github/file_commands/set_output GITHUB_STEP_SUMMARY=/github/file_commands/step_summary \
    INPUT_MODE=heal INPUT_WORKING-DIRECTORY=. INPUT_PROVIDER=none INPUT_COMMIT=none INPUT_TIMEOUT-MINUTES=30 \
    INPUT_ALLOW-TEST-EDITS=false INPUT_NO-TESTS=false INPUT_ALLOW-DIRTY=false INPUT_DEBUG=false INPUT_OUT-DIR=.ciagent \
    INPUT_GITHUB-TOKEN=ghs_smoke CIAGENT_API_KEY= GITHUB_TOKEN=ghs_smoke \
    /usr/local/bin/ciagent action || return 1
  echo "--- set_output:"
  cat "$work/file_commands/set_output"
  grep -q '^status=healed$' "$work/file_commands/set_output" &&
    grep -q '^using System.Text;$' "$checkout/src/Ledger.Reports/StatementFormatter.cs" &&
    test -f "$checkout/.ciagent/report.json"
}

mkdir -p "$work/empty" "$work/file_commands"
chmod 0777 "$work/empty"
echo "smoke: building an equivalent of the ciagent image in $work"
total=$SECONDS
build_or_stop preconditions preconditions
build_or_stop "${SMOKE_ROOTFS:+reused }mmdebstrap $suite root filesystem" root_filesystem
build_or_stop "dotnet publish (build stage)" publish
build_or_stop "buildah image" image
echo "smoke: running as uid $runner_uid on a checkout owned by uid $owner_uid"
step "ciagent --version" version
step "ciagent demo" demo
step "broken Ledger checkout" broken_checkout &&
  step "git refuses it without entrypoint" dubious_without_entrypoint &&
  step "heal via entrypoint (INPUT_*)" heal
if [ "$failures" -eq 0 ]; then
  echo "smoke: PASS in $((SECONDS - total)) s"
else
  echo "smoke: FAIL ($failures step(s)) in $((SECONDS - total)) s"
  exit 1
fi
