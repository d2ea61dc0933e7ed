using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Outputs.Delivery;

/// <summary>Where and how a fix will be delivered, checked against the repository and the CI environment before any work starts.</summary>
/// <remarks>
/// Preflight refuses, with a <see cref="UsageException"/> (exit 2, nothing touched):
/// any mode but none outside a git repository; push on a detached HEAD; push or pull-request without a remote named origin;
/// pull-request outside GitHub Actions and Azure Pipelines, without the host's token, without the variables that name the repository,
/// or without a branch to target.
/// A shallow clone is accepted in every mode: delivery never rebases, merges or walks history. It pushes a commit whose parent
/// the remote already has, and formats the patch from HEAD against its parent, which a shallow clone holds because the fix
/// commit is made on top of the checkout. A rejected push is answered with the patch, not with a fetch-and-rebase retry,
/// which is the one step that would need history.
/// </remarks>
public sealed record DeliveryPlan
{
    /// <summary>The remote every push goes to.</summary>
    public const string RemoteName = "origin";

    /// <summary>The prefix of the branch a pull request is opened from.</summary>
    public const string HealBranchPrefix = "ciagent/heal-";

    /// <summary>The prefix of the branch an implementation's pull request is opened from.</summary>
    public const string ImplementBranchPrefix = "ciagent/implement-";

    /// <summary>The same plan, opening its pull request from a branch named for an implementation rather than a heal.</summary>
    public DeliveryPlan ForImplementation() =>
        TargetBranch is { } branch && branch.StartsWith(HealBranchPrefix, StringComparison.Ordinal) && Mode == CommitMode.PullRequest
            ? this with { TargetBranch = ImplementBranchPrefix + branch[HealBranchPrefix.Length..] }
            : this;

    /// <summary>What was asked for.</summary>
    public required CommitMode Mode { get; init; }

    /// <summary>The address of origin, or null when it has none (only possible with none or commit).</summary>
    public string? RemoteUrl { get; init; }

    /// <summary>The checked-out branch, or null when HEAD is detached.</summary>
    public string? CurrentBranch { get; init; }

    /// <summary>The remote branch the fix is pushed to: the checked-out branch for push, ciagent/heal-&lt;run id&gt; for pull-request.</summary>
    public string? TargetBranch { get; init; }

    /// <summary>The branch the pull request asks to merge into, for pull-request.</summary>
    public string? BaseBranch { get; init; }

    /// <summary>The host identified from the environment, or null outside GitHub Actions and Azure Pipelines.</summary>
    public RepositoryHost? Host { get; init; }

    /// <summary>True when the clone is shallow; recorded for the log, never a reason to refuse (see the remarks).</summary>
    public bool IsShallow { get; init; }

    /// <summary>True when origin is reached over HTTP(S), where the host's token is sent as a header; local paths, file:// and SSH remotes get no token.</summary>
    public bool RemoteTakesToken => RemoteUrl is not null
        && (RemoteUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || RemoteUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Checks the mode against the repository and the environment and returns the plan, or throws <see cref="UsageException"/> naming what is missing.</summary>
    /// <param name="mode">The --commit mode.</param>
    /// <param name="git">The repository, or null when the workspace is not in one.</param>
    /// <param name="environment">Reads an environment variable; pass <see cref="Environment.GetEnvironmentVariable(string)"/> in production.</param>
    /// <param name="clock">Supplies the timestamp that names the heal branch when the environment has no run id.</param>
    /// <param name="cancellationToken">Cancels the git queries.</param>
    public static async Task<DeliveryPlan> PrepareAsync(
        CommitMode mode,
        GitRepository? git,
        Func<string, string?> environment,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var host = RepositoryHost.FromEnvironment(environment);
        if (mode == CommitMode.None)
        {
            return new DeliveryPlan { Mode = mode, Host = host };
        }

        var flag = $"--commit {Spell(mode)}";
        if (git is null)
        {
            throw new UsageException($"{flag} needs a git repository, and the workspace is not inside one.");
        }

        var branch = await git.GetCurrentBranchAsync(cancellationToken).ConfigureAwait(false);
        var shallow = await git.IsShallowAsync(cancellationToken).ConfigureAwait(false);
        if (mode == CommitMode.Commit)
        {
            return new DeliveryPlan { Mode = mode, Host = host, CurrentBranch = branch, IsShallow = shallow };
        }

        if (mode == CommitMode.Push && branch is null)
        {
            throw new UsageException(
                "--commit push needs a checked-out branch; HEAD is detached (check out the pull request's head branch, e.g. actions/checkout with ref: github.head_ref).");
        }

        var remoteUrl = await git.GetRemoteUrlAsync(RemoteName, cancellationToken).ConfigureAwait(false)
            ?? throw new UsageException($"{flag} needs a remote named {RemoteName} to push to, and this repository has none (see git remote -v).");

        if (mode == CommitMode.Push)
        {
            return new DeliveryPlan { Mode = mode, Host = host, RemoteUrl = remoteUrl, CurrentBranch = branch, TargetBranch = branch, IsShallow = shallow };
        }

        if (host is null)
        {
            throw new UsageException(
                $"{flag} opens the pull request on GitHub or Azure DevOps, and neither GITHUB_REPOSITORY (GitHub Actions) nor SYSTEM_COLLECTIONURI (Azure Pipelines) is set.");
        }

        if (!host.HasToken)
        {
            throw new UsageException($"{flag} needs a token in {host.TokenVariable} to push the branch and open the pull request; {TokenAdvice(host)}");
        }

        if (host.MissingIdentification is { } missing)
        {
            throw new UsageException($"{flag} cannot tell which {host.Name} repository to open the pull request on: {missing}.");
        }

        var baseBranch = host.BaseBranch ?? branch
            ?? throw new UsageException(
                $"{flag} cannot tell which branch the pull request should target: HEAD is detached and the {host.Name} environment names no branch "
                + (host is GitHubRepositoryHost ? "(GITHUB_HEAD_REF, GITHUB_REF)." : "(SYSTEM_PULLREQUEST_SOURCEBRANCH, BUILD_SOURCEBRANCH)."));

        var runId = host.RunId ?? (clock ?? TimeProvider.System).GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return new DeliveryPlan
        {
            Mode = mode,
            Host = host,
            RemoteUrl = remoteUrl,
            CurrentBranch = branch,
            TargetBranch = HealBranchPrefix + runId,
            BaseBranch = baseBranch,
            IsShallow = shallow,
        };
    }

    /// <summary>Spells a mode the way the --commit option takes it.</summary>
    internal static string Spell(CommitMode mode) => mode switch
    {
        CommitMode.None => "none",
        CommitMode.Commit => "commit",
        CommitMode.Push => "push",
        _ => "pull-request",
    };

    private static string TokenAdvice(RepositoryHost host) => host is GitHubRepositoryHost
        ? "pass it to the step (env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}) and grant the job permissions contents: write and pull-requests: write."
        : "map it into the step (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)) and allow the build service to contribute and to create pull requests.";
}
