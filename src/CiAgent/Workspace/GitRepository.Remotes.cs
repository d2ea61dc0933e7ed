using System.Globalization;

namespace CiAgent.Workspace;

public sealed partial class GitRepository
{
    /// <summary>Returns the fetch URL of the named remote, or null when the repository has no such remote.</summary>
    public async Task<string?> GetRemoteUrlAsync(string remote, CancellationToken cancellationToken = default)
    {
        string[] args = ["remote", "get-url", remote];
        var result = await RunRawAsync(args, read: true, null, DefaultTimeout, cancellationToken).ConfigureAwait(false);

        // Exit 2 is git's "No such remote"; any other failure is a broken repository the caller must hear about.
        if (result.ExitCode == 2)
        {
            return null;
        }

        EnsureSucceeded(args, result);
        return result.StandardOutput.Trim();
    }

    /// <summary>Asks the remote where one of its branches points: the sha, or null when the branch does not exist there.</summary>
    /// <exception cref="GitException">The remote could not be reached or refused to answer.</exception>
    public async Task<string?> GetRemoteBranchHeadAsync(string remote, string branch, PushSettings? settings, CancellationToken cancellationToken = default)
    {
        string[] args = ["ls-remote", "--heads", remote, $"refs/heads/{branch}"];
        var result = await RunRawAsync(args, read: true, TransientEnvironment(settings), PushTimeout, cancellationToken).ConfigureAwait(false);
        EnsureSucceeded(args, result);
        var line = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(l => l.EndsWith($"\trefs/heads/{branch}", StringComparison.Ordinal));
        return line?.Split('\t')[0];
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

    /// <summary>Pushes the refspec with the given settings and reports the outcome the way <see cref="PushAsync(string, string, CancellationToken)"/> does, without throwing for a refused push.</summary>
    public async Task<PushResult> PushAsync(string remote, string refspec, PushSettings settings, CancellationToken cancellationToken)
    {
        string[] args = settings.ForceWithLease is { } lease
            ? ["push", "--porcelain", $"--force-with-lease={lease}", remote, refspec]
            : ["push", "--porcelain", remote, refspec];
        var result = await RunRawAsync(args, read: false, TransientEnvironment(settings), PushTimeout, cancellationToken).ConfigureAwait(false);
        return new PushResult(
            PushResult.Classify(result.TimedOut ? -1 : result.ExitCode, result.StandardOutput, result.StandardError),
            result.ExitCode,
            result.StandardOutput,
            result.StandardError);
    }

    /// <summary>Returns the HEAD commit as a mailbox patch (`git format-patch -1 --stdout`), ready for `git am`.</summary>
    public async Task<string> FormatHeadPatchAsync(CancellationToken cancellationToken = default)
    {
        // --no-signature and a fixed abbreviation keep the file independent of the machine's git version and config.
        string[] args = ["format-patch", "-1", "--stdout", "--no-signature", "--full-index", "HEAD"];
        var result = await RunRawAsync(args, read: true, null, DefaultTimeout, cancellationToken, ListingOutputLimit).ConfigureAwait(false);
        EnsureSucceeded(args, result);
        return result.StandardOutput;
    }

    /// <summary>Moves the current branch back to a commit, leaving the index and the working tree alone (a soft reset).</summary>
    public Task MoveHeadAsync(string commit, CancellationToken cancellationToken = default) =>
        RunAsync(["reset", "--soft", "--quiet", commit], read: false, cancellationToken);

    /// <summary>Returns a file's bytes at HEAD as text, or null when HEAD has no such file.</summary>
    public async Task<string?> ShowAtHeadAsync(string path, CancellationToken cancellationToken = default)
    {
        var result = await RunRawAsync(["show", $"HEAD:{path}"], read: true, null, DefaultTimeout, cancellationToken, ListingOutputLimit).ConfigureAwait(false);
        return result.Succeeded ? result.StandardOutput : null;
    }

    /// <summary>Returns the subject line of the HEAD commit.</summary>
    public async Task<string> GetHeadSubjectAsync(CancellationToken cancellationToken = default) =>
        (await RunAsync(["log", "-1", "--format=%s", "HEAD"], read: true, cancellationToken).ConfigureAwait(false)).Trim();

    private Dictionary<string, string?>? TransientEnvironment(PushSettings? settings)
    {
        if (settings is null || settings.TransientConfig.Count == 0)
        {
            return null;
        }

        // GIT_CONFIG_COUNT is git's environment twin of `-c`: same scope, but a secret in it is not visible in the process list
        // and cannot leak through a GitException's command line. Entries already set by the CI runner are kept ahead of ours.
        var existing = _environment.TryGetValue("GIT_CONFIG_COUNT", out var set) ? set : Environment.GetEnvironmentVariable("GIT_CONFIG_COUNT");
        var offset = int.TryParse(existing, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < settings.TransientConfig.Count; i++)
        {
            env[$"GIT_CONFIG_KEY_{offset + i}"] = settings.TransientConfig[i].Key;
            env[$"GIT_CONFIG_VALUE_{offset + i}"] = settings.TransientConfig[i].Value;
        }

        env["GIT_CONFIG_COUNT"] = (offset + settings.TransientConfig.Count).ToString(CultureInfo.InvariantCulture);
        return env;
    }
}
