using System.Collections.Immutable;
using System.Text;
using CiAgent.Processes;

namespace CiAgent.Workspace;

/// <summary>A git work tree driven through the real git command line, non-interactively and with machine-readable output.</summary>
public sealed partial class GitRepository
{
    /// <summary>The identity used when the repository and the machine have none.</summary>
    public const string FallbackUserName = "ciagent";

    /// <summary>The e-mail used when the repository and the machine have none.</summary>
    public const string FallbackUserEmail = "ciagent@users.noreply.github.com";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PushTimeout = TimeSpan.FromMinutes(10);

    // Listings of a large monorepo come back as one NUL-separated line; the default limit would cut it, and a cut listing is a wrong listing.
    private const int ListingOutputLimit = 512 * 1024 * 1024;

    private readonly ImmutableDictionary<string, string?> _environment;

    private GitRepository(string root, ImmutableDictionary<string, string?> environment)
    {
        Root = root;
        _environment = environment;
    }

    /// <summary>The top level of the work tree, as an absolute path.</summary>
    public string Root { get; }

    /// <summary>Opens the work tree containing the directory, or returns null when the directory is not inside one.</summary>
    public static Task<GitRepository?> TryOpenAsync(string directory, CancellationToken cancellationToken) =>
        TryOpenAsync(directory, null, cancellationToken);

    /// <summary>Opens the work tree containing the directory with extra environment for every git run (null values remove a variable), or returns null outside a work tree.</summary>
    public static async Task<GitRepository?> TryOpenAsync(
        string directory,
        IReadOnlyDictionary<string, string?>? environment,
        CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var env = BaseEnvironment.SetItems(environment ?? ImmutableDictionary<string, string?>.Empty);
        var probe = new GitRepository(Path.GetFullPath(directory), env);
        var result = await probe.RunRawAsync(["rev-parse", "--is-inside-work-tree", "--show-toplevel"], read: true, null, DefaultTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // Treating an untrusted repository as "no repository" would silently switch off every git safeguard.
            if (result.StandardError.Contains("dubious ownership", StringComparison.Ordinal))
            {
                throw new GitException(probe.Describe(["rev-parse", "--show-toplevel"]), result.ExitCode, result.StandardError);
            }

            return null;
        }

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || lines[0] != "true")
        {
            return null;
        }

        return new GitRepository(Path.GetFullPath(lines[1]), env);
    }

    /// <summary>Returns the commit HEAD points at, or null on a branch with no commits yet.</summary>
    public async Task<string?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunRawAsync(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], read: true, null, DefaultTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (result.ExitCode == 1 && string.IsNullOrWhiteSpace(result.StandardOutput))
        {
            return null;
        }

        EnsureSucceeded(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], result);
        return result.StandardOutput.Trim();
    }

    /// <summary>Returns the short name of the checked-out branch, or null when HEAD is detached.</summary>
    public async Task<string?> GetCurrentBranchAsync(CancellationToken cancellationToken = default)
    {
        string[] args = ["symbolic-ref", "--quiet", "--short", "HEAD"];
        var result = await RunRawAsync(args, read: true, null, DefaultTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 1)
        {
            return null;
        }

        EnsureSucceeded(args, result);
        return result.StandardOutput.Trim();
    }

    /// <summary>Tells whether the clone is shallow, so history-walking features know they see only part of it.</summary>
    public async Task<bool> IsShallowAsync(CancellationToken cancellationToken = default) =>
        (await RunAsync(["rev-parse", "--is-shallow-repository"], read: true, cancellationToken).ConfigureAwait(false)).Trim() == "true";

    /// <summary>Lists repository-relative paths with staged or unstaged changes plus untracked, not-ignored files; a rename yields both its old and new path.</summary>
    public async Task<IReadOnlyList<string>> GetDirtyPathsAsync(CancellationToken cancellationToken = default)
    {
        var output = await RunAsync(["status", "--porcelain=v1", "-z", "--untracked-files=all"], read: true, cancellationToken, ListingOutputLimit)
            .ConfigureAwait(false);
        return ParseStatus(output);
    }

    /// <summary>Lists repository-relative paths of tracked files present on disk and untracked files that are not ignored.</summary>
    public async Task<IReadOnlyList<string>> ListFilesAsync(CancellationToken cancellationToken = default)
    {
        var all = SplitNul(await RunAsync(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], read: true, cancellationToken, ListingOutputLimit)
            .ConfigureAwait(false));
        var deleted = SplitNul(await RunAsync(["ls-files", "-z", "--deleted"], read: true, cancellationToken, ListingOutputLimit).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);

        // Unmerged paths are listed once per stage; the caller wants each file once.
        return all.Where(p => !deleted.Contains(p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Makes git ignore a root-relative path for this clone only, by adding it to info/exclude unless it is already there.</summary>
    public async Task ExcludeAsync(string relativePath, CancellationToken cancellationToken = default)
    {
        var pattern = ExcludePattern(relativePath);

        // info/exclude lives in the common directory, which in a linked worktree is not <root>/.git.
        var location = (await RunAsync(["rev-parse", "--git-path", "info/exclude"], read: true, cancellationToken).ConfigureAwait(false)).Trim();
        var file = Path.GetFullPath(location, Root);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var existing = File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : string.Empty;
        if (existing.Split('\n').Any(line => line.TrimEnd('\r') == pattern))
        {
            return;
        }

        var separator = existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : "\n";
        await File.AppendAllTextAsync(file, separator + pattern + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets a repository-local user.name and user.email when git has none configured; returns true when it had to.</summary>
    public async Task<bool> EnsureIdentityAsync(CancellationToken cancellationToken = default)
    {
        var changed = false;
        foreach (var (key, fallback) in new[] { ("user.name", FallbackUserName), ("user.email", FallbackUserEmail) })
        {
            string[] get = ["config", "--get", key];
            var current = await RunRawAsync(get, read: true, null, DefaultTimeout, cancellationToken).ConfigureAwait(false);

            // Exit 1 means "not set anywhere"; anything else is a broken config the user must see.
            if (current.ExitCode == 1)
            {
                await RunAsync(["config", "--local", key, fallback], read: false, cancellationToken).ConfigureAwait(false);
                changed = true;
            }
            else
            {
                EnsureSucceeded(get, current);
            }
        }

        return changed;
    }

    /// <summary>Commits exactly the given repository-relative paths as they are in the work tree (deletions included) and returns the new commit's sha; other staged or unstaged changes stay as they were.</summary>
    public async Task<string> CommitAsync(IReadOnlyList<string> paths, string message, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            throw new ArgumentException("Name at least one path to commit.", nameof(paths));
        }

        // `commit --only` refuses paths git does not know yet, so new files are put in the index first and taken out again if the commit fails.
        // Whole listings filtered here rather than pathspecs on the command line, which a large heal could push past the OS's argument limit.
        var known = SplitNul(await RunAsync(["ls-files", "-z", "--cached"], read: true, cancellationToken, ListingOutputLimit)
            .ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var head = await GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var inHead = head is null
            ? new HashSet<string>(StringComparer.Ordinal)
            : SplitNul(await RunAsync(["ls-tree", "-z", "-r", "--name-only", "HEAD"], read: true, cancellationToken, ListingOutputLimit)
                .ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var added = paths.Where(p => !known.Contains(p) && !inHead.Contains(p) && Path.Exists(Path.Combine(Root, p))).ToList();

        var messageFile = Path.Combine(Path.GetTempPath(), $"ciagent-commit-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(messageFile, message, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        try
        {
            if (added.Count > 0)
            {
                // -f: the caller named these files; an ignore rule must not silently drop one from the commit.
                await RunWithPathspecFileAsync(["add", "-f"], added, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                // whitespace cleanup keeps lines starting with '#' (issue numbers) that the default "strip" mode would delete.
                await RunWithPathspecFileAsync(["commit", "--only", "--cleanup=whitespace", "-F", messageFile], paths, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (GitException) when (added.Count > 0)
            {
                await RunWithPathspecFileAsync(["rm", "--cached", "--quiet", "--ignore-unmatch"], added, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            File.Delete(messageFile);
        }

        return (await GetHeadAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Returns the unified diff from HEAD to the work tree for the given repository-relative paths (all when null), new untracked files included, without touching the index.</summary>
    /// <remarks>Lines come back joined with "\n": a carriage return at the end of a diff line is not reproduced.</remarks>
    public async Task<string> DiffAsync(IReadOnlyList<string>? paths, CancellationToken cancellationToken = default)
    {
        if (paths is { Count: 0 })
        {
            return string.Empty;
        }

        // A throw-away copy of the index: copying keeps git's stat cache, so only changed files are hashed again,
        // and staging into the copy lets untracked files show up in the diff while the user's index stays as it was.
        var indexLocation = (await RunAsync(["rev-parse", "--git-path", "index"], read: true, cancellationToken).ConfigureAwait(false)).Trim();
        var realIndex = Path.GetFullPath(indexLocation, Root);
        var scratchIndex = Path.Combine(Path.GetTempPath(), $"ciagent-index-{Guid.NewGuid():N}");
        if (File.Exists(realIndex))
        {
            File.Copy(realIndex, scratchIndex);
        }

        try
        {
            var env = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = scratchIndex };
            string[] pathspec = paths is null ? [] : ["--", .. paths];

            // git add rejects the whole call for one path that matches nothing, so only paths on disk or in the index are named.
            var addable = paths;
            if (paths is not null)
            {
                string[] known = ["ls-files", "-z", "--cached", .. pathspec];
                var listed = await RunRawAsync(known, read: true, env, DefaultTimeout, cancellationToken, ListingOutputLimit).ConfigureAwait(false);
                EnsureSucceeded(known, listed);
                var inIndex = SplitNul(listed.StandardOutput).ToHashSet(StringComparer.Ordinal);
                addable = paths.Where(p => inIndex.Contains(p) || Path.Exists(Path.Combine(Root, p))).ToList();
            }

            if (addable is null || addable.Count > 0)
            {
                // -f only for named paths: the caller asked about them, but a blanket add must not pull in bin/ and obj/.
                string[] add = ["add", "--all", .. addable is null ? Array.Empty<string>() : ["-f", "--", .. addable]];
                var staged = await RunRawAsync(add, read: false, env, DefaultTimeout, cancellationToken).ConfigureAwait(false);
                EnsureSucceeded(add, staged);
            }

            var head = await GetHeadAsync(cancellationToken).ConfigureAwait(false);
            string[] diff =
            [
                "diff", "--cached", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/",
                .. head is null ? Array.Empty<string>() : ["HEAD"], .. pathspec,
            ];
            var result = await RunRawAsync(diff, read: false, env, DefaultTimeout, cancellationToken, ListingOutputLimit).ConfigureAwait(false);
            EnsureSucceeded(diff, result);
            return result.StandardOutput;
        }
        finally
        {
            File.Delete(scratchIndex);
        }
    }

    /// <summary>Pushes the refspec to the remote and reports whether it landed, was rejected as non-fast-forward, was refused for permissions, or failed otherwise; it does not throw for any of these.</summary>
    public async Task<PushResult> PushAsync(string remote, string refspec, CancellationToken cancellationToken)
    {
        var result = await RunRawAsync(["push", "--porcelain", remote, refspec], read: false, null, PushTimeout, cancellationToken).ConfigureAwait(false);
        return new PushResult(
            PushResult.Classify(result.TimedOut ? -1 : result.ExitCode, result.StandardOutput, result.StandardError),
            result.ExitCode,
            result.StandardOutput,
            result.StandardError);
    }

    /// <summary>Puts the given repository-relative paths back to their content at HEAD, in the index and in the work tree.</summary>
    internal Task CheckoutFromHeadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        paths.Count == 0 ? Task.CompletedTask : RunWithPathspecFileAsync(["checkout", "HEAD"], paths, cancellationToken);

    /// <summary>Parses `status --porcelain=v1 -z` output into the distinct paths it names.</summary>
    internal static IReadOnlyList<string> ParseStatus(string output)
    {
        var tokens = SplitNul(output);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            var entry = tokens[i];
            if (entry.Length < 4)
            {
                continue;
            }

            paths.Add(entry[3..]);

            // With -z a rename or copy is followed by its source as a separate field; the source changed too (it is gone or copied from).
            if (entry[0] is 'R' or 'C' || entry[1] is 'R' or 'C')
            {
                if (i + 1 < tokens.Count)
                {
                    paths.Add(tokens[++i]);
                }
            }
        }

        return [.. paths];
    }

    private static ImmutableDictionary<string, string?> BaseEnvironment { get; } = ImmutableDictionary<string, string?>.Empty
        .SetItem("GIT_TERMINAL_PROMPT", "0")
        .SetItem("LC_ALL", "C");

    private static string ExcludePattern(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').TrimStart('/');
        if (path.Length == 0)
        {
            throw new ArgumentException("Name a path below the repository root.", nameof(relativePath));
        }

        var escaped = new StringBuilder("/");
        foreach (var c in path)
        {
            // Glob characters in a real file name must match literally.
            if (c is '*' or '?' or '[' or '\\' or '!' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        // gitignore drops trailing spaces unless they are escaped; escaping the last one protects those before it.
        if (escaped[^1] == ' ')
        {
            escaped.Length--;
            escaped.Append("\\ ");
        }

        return escaped.ToString();
    }

    private static List<string> SplitNul(string output)
    {
        // The process runner adds a newline after the last line it read; with -z output that is the only one git did not write.
        if (output.EndsWith('\n'))
        {
            output = output[..^1];
        }

        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private async Task RunWithPathspecFileAsync(string[] args, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        // NUL-separated paths in a file: no argument-length limit and no quoting rules for odd file names.
        var pathspecFile = Path.Combine(Path.GetTempPath(), $"ciagent-paths-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pathspecFile, string.Concat(paths.Select(p => p + "\0")), new UTF8Encoding(false), cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await RunAsync([.. args, $"--pathspec-from-file={pathspecFile}", "--pathspec-file-nul"], read: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(pathspecFile);
        }
    }

    private async Task<string> RunAsync(string[] args, bool read, CancellationToken cancellationToken, int? outputLimit = null)
    {
        var result = await RunRawAsync(args, read, null, DefaultTimeout, cancellationToken, outputLimit).ConfigureAwait(false);
        EnsureSucceeded(args, result);
        return result.StandardOutput;
    }

    private Task<CommandResult> RunRawAsync(
        string[] args,
        bool read,
        IReadOnlyDictionary<string, string?>? extraEnvironment,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        int? outputLimit = null)
    {
        var env = _environment;
        if (read)
        {
            // Reads must not take the index lock to refresh stat data: that would race with the user's or the build's own git.
            env = env.SetItem("GIT_OPTIONAL_LOCKS", "0");
        }

        if (extraEnvironment is not null)
        {
            env = env.SetItems(extraEnvironment);
        }

        var command = new Command("git")
            .WithArguments(GlobalOptions.Concat(args))
            .WithWorkingDirectory(Root)
            .WithEnvironmentVariables(env)
            .WithTimeout(timeout);
        if (outputLimit is { } limit)
        {
            command = command.WithOutputLimit(limit);
        }

        return command.ExecuteAsync(cancellationToken);
    }

    // Paths handed to git are file names, never patterns: a file called "*.cs" must mean only itself.
    private static readonly string[] GlobalOptions = ["-c", "core.quotepath=off", "--literal-pathspecs"];

    private void EnsureSucceeded(string[] args, CommandResult result)
    {
        if (result.OutputTruncated)
        {
            throw new GitException(Describe(args), result.ExitCode, "git's output was longer than ciagent keeps; the listing would be incomplete.");
        }

        if (result.Succeeded)
        {
            return;
        }

        throw new GitException(Describe(args), result.ExitCode, result.StandardError);
    }

    private string Describe(IEnumerable<string> args) => new Command("git").WithArguments(GlobalOptions.Concat(args)).ToString();
}
