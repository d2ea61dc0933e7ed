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
    public async Task<IReadOnlyList<string>> ListFilesAsync(CancellationToken cancellationToken = default)
    {
        var all = SplitNul(await RunAsync(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], read: true, cancellationToken, ListingOutputLimit)
            .ConfigureAwait(false));
        var deleted = SplitNul(await RunAsync(["ls-files", "-z", "--deleted"], read: true, cancellationToken, ListingOutputLimit).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);

        // Unmerged paths are listed once per stage; the caller wants each file once.
        return all.Where(p => !deleted.Contains(p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
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
