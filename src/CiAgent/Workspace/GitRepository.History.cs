namespace CiAgent.Workspace;

public sealed partial class GitRepository
{
    // git answers 128 for a revision it does not know (HEAD^1 of a root commit or of a shallow clone) and for a path the revision lacks.
    private const int UnknownRevisionOrPath = 128;

    /// <summary>Returns a file's text at a revision (git show REV:PATH, the path relative to the repository root), or null when the revision or the file at it does not exist.</summary>
    public async Task<string?> ShowFileAsync(string revision, string path, CancellationToken cancellationToken = default)
    {
        string[] args = ["show", "--no-textconv", $"{revision}:{path}"];
        var result = await RunRawAsync(args, read: true, null, DefaultTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == UnknownRevisionOrPath && !result.TimedOut)
        {
            return null;
        }

        EnsureSucceeded(args, result);
        return result.StandardOutput;
    }

    /// <summary>Lists the repository-relative paths the HEAD commit changed relative to its first parent, or null when that parent is not here (a root commit, a shallow clone).</summary>
    public async Task<IReadOnlyList<string>?> ListChangedByHeadAsync(CancellationToken cancellationToken = default)
    {
        // The first parent is what a pull request's merge commit is compared against; --no-renames keeps a moved file's old path too.
        string[] args = ["diff", "--name-only", "-z", "--no-renames", "HEAD^1", "HEAD", "--"];
        var result = await RunRawAsync(args, read: true, null, DefaultTimeout, cancellationToken, ListingOutputLimit).ConfigureAwait(false);
        if (result.ExitCode == UnknownRevisionOrPath && !result.TimedOut)
        {
            return null;
        }

        EnsureSucceeded(args, result);
        return SplitNul(result.StandardOutput);
    }
}
