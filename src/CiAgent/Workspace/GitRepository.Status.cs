namespace CiAgent.Workspace;

public sealed partial class GitRepository
{
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
    public async Task<IReadOnlyList<string>> ListFilesAsync(CancellationToken cancellationToken = default) =>
        ParseTaggedListing(await RunAsync(["ls-files", "-z", "-t", "--cached", "--deleted", "--others", "--exclude-standard"], read: true, cancellationToken, ListingOutputLimit)
            .ConfigureAwait(false));

    /// <summary>Parses `ls-files -z -t --cached --deleted --others` output into the files present, each once and in order.</summary>
    /// <remarks>
    /// One process instead of two: with -t a tracked file deleted from disk is listed twice, once as cached (H) and once as
    /// removed (R), so the R entries name exactly the files to leave out. Other tags (untracked ?, skip-worktree S, unmerged M
    /// once per stage) are files that count.
    /// </remarks>
    internal static IReadOnlyList<string> ParseTaggedListing(string output)
    {
        var entries = SplitNul(output).Where(entry => entry.Length > 2).ToList();
        var deleted = entries.Where(entry => entry[0] == 'R').Select(entry => entry[2..]).ToHashSet(StringComparer.Ordinal);
        return entries.Where(entry => entry[0] != 'R').Select(entry => entry[2..]).Where(path => !deleted.Contains(path))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

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
}
