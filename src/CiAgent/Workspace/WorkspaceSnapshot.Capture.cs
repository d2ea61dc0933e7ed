using System.Security.Cryptography;

namespace CiAgent.Workspace;

public sealed partial class WorkspaceSnapshot
{
    /// <summary>Records every non-ignored file under the root, keeping at most <see cref="DefaultKeptBytesLimit"/> bytes of content.</summary>
    public static Task<WorkspaceSnapshot> CaptureAsync(
        string root,
        GitRepository? git,
        IReadOnlyList<string> excludedPaths,
        CancellationToken cancellationToken) =>
        CaptureAsync(root, git, excludedPaths, DefaultKeptBytesLimit, cancellationToken);

    /// <summary>Records every non-ignored file under the root (excluded root-relative paths and everything below them left out), keeping at most the given bytes of content.</summary>
    public static Task<WorkspaceSnapshot> CaptureAsync(
        string root,
        GitRepository? git,
        IReadOnlyList<string> excludedPaths,
        long keptBytesLimit,
        CancellationToken cancellationToken) =>
        CaptureAsync(root, git, excludedPaths, keptBytesLimit, null, cancellationToken);

    /// <summary>Records every non-ignored file under the root, reusing what the caller has just asked git (HEAD and the dirty paths) instead of asking again.</summary>
    /// <param name="root">The folder to record.</param>
    /// <param name="git">The repository, or null outside one.</param>
    /// <param name="excludedPaths">Root-relative paths left out with everything below them.</param>
    /// <param name="keptBytesLimit">The most bytes of content kept in memory.</param>
    /// <param name="known">HEAD (null on an unborn branch) and the dirty paths, as git reported them just now; null to ask git.</param>
    /// <param name="cancellationToken">Cancels the capture.</param>
    public static async Task<WorkspaceSnapshot> CaptureAsync(
        string root,
        GitRepository? git,
        IReadOnlyList<string> excludedPaths,
        long keptBytesLimit,
        (string? Head, IReadOnlyList<string> Dirty)? known,
        CancellationToken cancellationToken)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var excluded = excludedPaths.Select(SnapshotScope.NormalizeRelative).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var gitPrefix = git is null ? string.Empty : SnapshotScope.PrefixWithin(git.Root, fullRoot);

        var files = new List<(string Path, bool InHead)>();
        if (git is null)
        {
            files.AddRange(SnapshotScope.Walk(fullRoot, excluded).Select(p => (p, false)));
        }
        else
        {
            var hasHead = (known is { } k ? k.Head : await git.GetHeadAsync(cancellationToken).ConfigureAwait(false)) is not null;

            // status reports staged, unstaged and untracked alike: whatever it names cannot be taken back from HEAD.
            var dirty = (known?.Dirty ?? await git.GetDirtyPathsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            foreach (var repoPath in await git.ListFilesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (SnapshotScope.ToRootRelative(repoPath, gitPrefix) is { } relative && !SnapshotScope.IsExcluded(relative, excluded))
                {
                    files.Add((relative, hasHead && !dirty.Contains(repoPath)));
                }
            }
        }

        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var unprotected = new List<string>();
        var budget = keptBytesLimit;

        // What git cannot give back is kept first, so the byte limit never goes on files that HEAD could restore anyway.
        foreach (var (path, inHead) in files.OrderBy(f => f.InHead).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Path.Combine(fullRoot, path);
            var info = new FileInfo(full);
            if (info.LinkTarget is { } target)
            {
                entries[path] = Entry.ForLink(path, target, inHead);
                continue;
            }

            // Gitlinks (submodules) are listed as paths but are directories; their contents belong to another repository.
            if (!info.Exists)
            {
                continue;
            }

            var wanted = inHead ? info.Length <= SmallTrackedFileLimit : true;
            byte[]? bytes = null;
            byte[] hash;
            long size;
            if (wanted && info.Length <= budget)
            {
                bytes = await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
                hash = SHA256.HashData(bytes);
                size = bytes.Length;
                budget -= bytes.Length;
            }
            else
            {
                (hash, size) = await HashFileAsync(full, cancellationToken).ConfigureAwait(false);
                if (!inHead)
                {
                    unprotected.Add(path);
                }
            }

            entries[path] = new Entry(path, size, hash, ModeOf(full), null, inHead, bytes);
        }

        var directories = SnapshotScope.WalkDirectories(fullRoot, excluded);
        return new WorkspaceSnapshot(fullRoot, git, gitPrefix, excluded, entries, directories, unprotected);
    }
}
