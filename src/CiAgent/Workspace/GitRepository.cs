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

    private GitRepository(string root, ImmutableDictionary<string, string?> environment, string? excludeFile = null)
    {
        Root = root;
        _environment = environment;
        _excludeFile = excludeFile;
    }

    // info/exclude as the opening rev-parse located it, so excluding the output folder costs no process of its own.
    private readonly string? _excludeFile;

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
        var result = await probe.RunRawAsync(["rev-parse", "--is-inside-work-tree", "--show-toplevel", "--git-path", "info/exclude"], read: true, null, DefaultTimeout, cancellationToken)
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

        // --git-path answers relative to where git ran, which is the directory asked about, not the top level.
        return new GitRepository(Path.GetFullPath(lines[1]), env, lines.Length > 2 ? Path.GetFullPath(lines[2], probe.Root) : null);
    }

    private static ImmutableDictionary<string, string?> BaseEnvironment { get; } = ImmutableDictionary<string, string?>.Empty
        .SetItem("GIT_TERMINAL_PROMPT", "0")
        .SetItem("LC_ALL", "C");

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

        var command = new ExternalCommand("git")
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

    private string Describe(IEnumerable<string> args) => new ExternalCommand("git").WithArguments(GlobalOptions.Concat(args)).ToString();
}
