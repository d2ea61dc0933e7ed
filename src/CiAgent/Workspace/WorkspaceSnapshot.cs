using System.Security.Cryptography;
using System.Text;

namespace CiAgent.Workspace;

/// <summary>The state of every non-ignored file under a root at one moment, with enough kept to put the tree back byte for byte.</summary>
/// <remarks>
/// Per file, restore uses the first of these that reproduces the captured hash:
/// a file git reports clean is checked out from HEAD (which also resets its index entry to what it was);
/// any other file, or a clean one whose checkout does not reproduce the hash, is written from the bytes kept at capture.
/// Bytes are kept for every file git cannot give back (untracked, staged, modified, or all files outside git) and,
/// as a second priority, for clean tracked files up to 1 MiB: eol conversion, filters or a .gitattributes edited during
/// the run can make a checkout differ from what was on disk, and small source files are cheap to hold.
/// </remarks>
public sealed class WorkspaceSnapshot
{
    /// <summary>How many bytes of file content a snapshot keeps in memory unless told otherwise.</summary>
    public const long DefaultKeptBytesLimit = 256L * 1024 * 1024;

    private const long SmallTrackedFileLimit = 1024 * 1024;

    // Build output and tool caches: never the user's sources, and often huge. Only used where git cannot say what is ignored.
    private static readonly HashSet<string> SkippedDirectoryNames = new(StringComparer.Ordinal) { "bin", "obj", ".git", ".vs", "node_modules" };

    private readonly Dictionary<string, Entry> _entries;
    private readonly HashSet<string> _directories;
    private readonly GitRepository? _git;
    private readonly string _gitPrefix;
    private readonly string[] _excluded;

    private WorkspaceSnapshot(
        string root,
        GitRepository? git,
        string gitPrefix,
        string[] excluded,
        Dictionary<string, Entry> entries,
        HashSet<string> directories,
        IReadOnlyList<string> unprotected)
    {
        Root = root;
        _git = git;
        _gitPrefix = gitPrefix;
        _excluded = excluded;
        _entries = entries;
        _directories = directories;
        Unprotected = unprotected;
        KeptBytes = entries.Values.Sum(e => (long)(e.Bytes?.Length ?? 0));
    }

    /// <summary>The absolute directory the snapshot covers.</summary>
    public string Root { get; }

    /// <summary>Root-relative paths ('/' separators) of every file recorded.</summary>
    public IReadOnlyCollection<string> Paths => _entries.Keys;

    /// <summary>How many bytes of content the snapshot holds in memory.</summary>
    public long KeptBytes { get; }

    /// <summary>Files whose content could not be kept within the byte limit and that git cannot give back; if the run changes one, restore reports it as failed.</summary>
    public IReadOnlyList<string> Unprotected { get; }

    /// <summary>True when every recorded file can be put back whatever the run does to it.</summary>
    public bool IsComplete => Unprotected.Count == 0;

    /// <summary>Records every non-ignored file under the root, keeping at most <see cref="DefaultKeptBytesLimit"/> bytes of content.</summary>
    public static Task<WorkspaceSnapshot> CaptureAsync(
        string root,
        GitRepository? git,
        IReadOnlyList<string> excludedPaths,
        CancellationToken cancellationToken) =>
        CaptureAsync(root, git, excludedPaths, DefaultKeptBytesLimit, cancellationToken);

    /// <summary>Records every non-ignored file under the root (excluded root-relative paths and everything below them left out), keeping at most the given bytes of content.</summary>
    public static async Task<WorkspaceSnapshot> CaptureAsync(
        string root,
        GitRepository? git,
        IReadOnlyList<string> excludedPaths,
        long keptBytesLimit,
        CancellationToken cancellationToken)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var excluded = excludedPaths.Select(NormalizeRelative).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var gitPrefix = git is null ? string.Empty : PrefixWithin(git.Root, fullRoot);

        var files = new List<(string Path, bool InHead)>();
        if (git is null)
        {
            files.AddRange(Walk(fullRoot, excluded).Select(p => (p, false)));
        }
        else
        {
            var hasHead = await git.GetHeadAsync(cancellationToken).ConfigureAwait(false) is not null;

            // status reports staged, unstaged and untracked alike: whatever it names cannot be taken back from HEAD.
            var dirty = (await git.GetDirtyPathsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            foreach (var repoPath in await git.ListFilesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (ToRootRelative(repoPath, gitPrefix) is { } relative && !IsExcluded(relative, excluded))
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

        var directories = WalkDirectories(fullRoot, excluded);
        return new WorkspaceSnapshot(fullRoot, git, gitPrefix, excluded, entries, directories, unprotected);
    }

    /// <summary>Lists root-relative paths of files modified, deleted or added (not ignored, not excluded) since the capture.</summary>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync(CancellationToken cancellationToken = default)
    {
        var (changed, added) = await CompareAsync(cancellationToken).ConfigureAwait(false);
        return [.. changed.Select(e => e.Path).Concat(added).Order(StringComparer.Ordinal)];
    }

    /// <summary>Returns the content a file had at capture when the snapshot kept it in memory.</summary>
    public bool TryGetOriginal(string path, out byte[] content)
    {
        if (_entries.TryGetValue(NormalizeRelative(path), out var entry) && entry.Bytes is { } bytes)
        {
            content = bytes;
            return true;
        }

        content = [];
        return false;
    }

    /// <summary>Puts the tree back as captured: rewrites changed and deleted files, removes added ones and the directories they alone needed; ignored files and excluded paths are never touched.</summary>
    public async Task<RestoreReport> RestoreAsync(CancellationToken cancellationToken)
    {
        var rewritten = new SortedSet<string>(StringComparer.Ordinal);
        var deleted = new SortedSet<string>(StringComparer.Ordinal);
        var removedDirectories = new SortedSet<string>(StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);

        // A restored .gitignore can turn files the run added from ignored into visible (and the other way round), so compare again until nothing moves.
        for (var pass = 0; pass < 3; pass++)
        {
            var (changed, added) = await CompareAsync(cancellationToken).ConfigureAwait(false);
            changed.RemoveAll(e => failures.ContainsKey(e.Path));
            added.RemoveAll(failures.ContainsKey);
            if (changed.Count == 0 && added.Count == 0)
            {
                break;
            }

            // Added files go first: one may stand where a deleted directory has to come back.
            foreach (var path in added)
            {
                try
                {
                    DeletePath(Path.Combine(Root, path));
                    deleted.Add(path);
                    PruneDirectories(path, removedDirectories);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failures[path] = $"could not delete the file the run added: {e.Message}";
                }
            }

            var fromHead = new List<Entry>();
            foreach (var entry in changed)
            {
                if (entry.InHead && _git is not null && entry.LinkTarget is null)
                {
                    fromHead.Add(entry);
                }
                else if (TryWrite(entry, failures))
                {
                    rewritten.Add(entry.Path);
                }
            }

            if (fromHead.Count > 0)
            {
                await RestoreFromHeadAsync(fromHead, rewritten, failures, cancellationToken).ConfigureAwait(false);
            }
        }

        // Whatever still differs after the passes is reported, not guessed at.
        var (left, extra) = await CompareAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in left.Where(e => !failures.ContainsKey(e.Path)))
        {
            failures[entry.Path] = "still differs from the snapshot after restoring";
        }

        foreach (var path in extra.Where(p => !failures.ContainsKey(p)))
        {
            failures[path] = "added during the run and still present after restoring";
        }

        rewritten.ExceptWith(failures.Keys);
        return new RestoreReport(
            [.. rewritten],
            [.. deleted],
            [.. removedDirectories],
            [.. failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new RestoreFailure(f.Key, f.Value))]);
    }

    private async Task RestoreFromHeadAsync(List<Entry> entries, SortedSet<string> rewritten, Dictionary<string, string> failures, CancellationToken cancellationToken)
    {
        string? checkoutError = null;
        try
        {
            await _git!.CheckoutFromHeadAsync([.. entries.Select(e => _gitPrefix + e.Path)], cancellationToken).ConfigureAwait(false);
        }
        catch (GitException e)
        {
            checkoutError = e.Message;
        }

        foreach (var entry in entries)
        {
            if (checkoutError is null && await MatchesAsync(entry, cancellationToken).ConfigureAwait(false))
            {
                rewritten.Add(entry.Path);
            }
            else if (entry.Bytes is not null)
            {
                // Checkout applies today's filters and eol settings; the kept bytes are what was really on disk.
                if (TryWrite(entry, failures))
                {
                    rewritten.Add(entry.Path);
                }
            }
            else
            {
                failures[entry.Path] = checkoutError is null
                    ? "git checkout from HEAD does not reproduce the captured bytes (eol conversion or a filter?) and the file was too large to keep"
                    : $"git checkout from HEAD failed and the file was too large to keep: {checkoutError}";
            }
        }
    }

    private bool TryWrite(Entry entry, Dictionary<string, string> failures)
    {
        var full = Path.Combine(Root, entry.Path);
        if (entry.LinkTarget is null && entry.Bytes is null)
        {
            failures[entry.Path] = "its content was not kept (over the snapshot's byte limit) and git cannot give it back";
            return false;
        }

        try
        {
            var existing = new FileInfo(full);
            if (existing.LinkTarget is null && Directory.Exists(full))
            {
                // Deleting a directory the run made could take ignored files with it; that is the caller's call, not ours.
                failures[entry.Path] = "a directory now stands where the file was";
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);

            // Writing through a symlink would change its target, not the path; replacing the path is what restores it.
            if (existing.LinkTarget is not null || entry.LinkTarget is not null)
            {
                DeletePath(full);
            }

            if (entry.LinkTarget is { } target)
            {
                File.CreateSymbolicLink(full, target);
                return true;
            }

            File.WriteAllBytes(full, entry.Bytes!);
            if (entry.Mode is { } mode && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(full, mode);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures[entry.Path] = $"could not write it back: {e.Message}";
            return false;
        }
    }

    private void PruneDirectories(string deletedFile, SortedSet<string> removed)
    {
        var directory = Path.GetDirectoryName(deletedFile)?.Replace('\\', '/');
        while (!string.IsNullOrEmpty(directory) && !_directories.Contains(directory) && !IsExcluded(directory, _excluded))
        {
            var full = Path.Combine(Root, directory);
            if (!Directory.Exists(full) || Directory.EnumerateFileSystemEntries(full).Any())
            {
                return;
            }

            Directory.Delete(full);
            removed.Add(directory);
            directory = Path.GetDirectoryName(directory)?.Replace('\\', '/');
        }
    }

    private async Task<(List<Entry> Changed, List<string> Added)> CompareAsync(CancellationToken cancellationToken)
    {
        var changed = new List<Entry>();
        foreach (var entry in _entries.Values.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            // Checked on disk rather than through the listing, so a file the run hid behind a new ignore rule still counts as changed.
            if (!await MatchesAsync(entry, cancellationToken).ConfigureAwait(false))
            {
                changed.Add(entry);
            }
        }

        var added = (await ListCurrentAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => !_entries.ContainsKey(p))
            .Order(StringComparer.Ordinal)
            .ToList();
        return (changed, added);
    }

    private async Task<IEnumerable<string>> ListCurrentAsync(CancellationToken cancellationToken)
    {
        if (_git is null)
        {
            return Walk(Root, _excluded);
        }

        var listed = await _git.ListFilesAsync(cancellationToken).ConfigureAwait(false);
        return listed
            .Select(p => ToRootRelative(p, _gitPrefix))
            .OfType<string>()
            .Where(p => !IsExcluded(p, _excluded))
            .Where(p => IsFileOrLink(Path.Combine(Root, p)))
            .ToList();
    }

    private async Task<bool> MatchesAsync(Entry entry, CancellationToken cancellationToken)
    {
        var full = Path.Combine(Root, entry.Path);
        var info = new FileInfo(full);
        if (info.LinkTarget is { } target)
        {
            return entry.LinkTarget == target;
        }

        if (entry.LinkTarget is not null || !info.Exists || info.Length != entry.Size)
        {
            return false;
        }

        // git records the executable bit, so a lost +x is a change the user would see.
        if (entry.Mode is { } mode && ModeOf(full) != mode)
        {
            return false;
        }

        var (hash, _) = await HashFileAsync(full, cancellationToken).ConfigureAwait(false);
        return hash.AsSpan().SequenceEqual(entry.Hash);
    }

    private static async Task<(byte[] Hash, long Size)> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return (hash, stream.Length);
    }

    // Submodules are listed by git but are directories holding another repository's files.
    private static bool IsFileOrLink(string full) => new FileInfo(full) is var info && (info.LinkTarget is not null || info.Exists);

    private static UnixFileMode? ModeOf(string path) => OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);

    private static void DeletePath(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is null && Directory.Exists(full))
        {
            throw new IOException("a directory stands at this path");
        }

        // File.Delete removes a symlink itself, never its target; a link to a directory needs Directory.Delete.
        if (info.LinkTarget is not null && Directory.Exists(full))
        {
            Directory.Delete(full);
        }
        else
        {
            File.Delete(full);
        }
    }

    private static IEnumerable<string> Walk(string root, string[] excluded)
    {
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            var relativeDirectory = pending.Pop();
            var directory = new DirectoryInfo(Path.Combine(root, relativeDirectory));
            foreach (var item in directory.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                var relative = relativeDirectory.Length == 0 ? item.Name : $"{relativeDirectory}/{item.Name}";
                if (IsExcluded(relative, excluded))
                {
                    continue;
                }

                // Directory links are recorded as links, never followed: a link back up the tree would never end.
                if (item is DirectoryInfo && item.LinkTarget is null)
                {
                    if (!SkippedDirectoryNames.Contains(item.Name))
                    {
                        pending.Push(relative);
                    }
                }
                else
                {
                    yield return relative;
                }
            }
        }
    }

    private static HashSet<string> WalkDirectories(string root, string[] excluded)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            var relativeDirectory = pending.Pop();
            foreach (var item in new DirectoryInfo(Path.Combine(root, relativeDirectory)).EnumerateDirectories())
            {
                var relative = relativeDirectory.Length == 0 ? item.Name : $"{relativeDirectory}/{item.Name}";
                if (item.LinkTarget is not null || IsExcluded(relative, excluded) || SkippedDirectoryNames.Contains(item.Name))
                {
                    continue;
                }

                found.Add(relative);
                pending.Push(relative);
            }
        }

        return found;
    }

    private static string PrefixWithin(string gitRoot, string root)
    {
        var relative = Path.GetRelativePath(gitRoot, root).Replace('\\', '/');
        if (relative == ".")
        {
            return string.Empty;
        }

        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException($"'{root}' is not inside the git work tree '{gitRoot}'.", nameof(root));
        }

        return relative + "/";
    }

    private static string? ToRootRelative(string repoPath, string prefix) =>
        prefix.Length == 0 ? repoPath : repoPath.StartsWith(prefix, StringComparison.Ordinal) ? repoPath[prefix.Length..] : null;

    private static bool IsExcluded(string relative, string[] excluded) =>
        excluded.Any(x => relative == x || relative.StartsWith(x + "/", StringComparison.Ordinal));

    private static string NormalizeRelative(string path) => path.Replace('\\', '/').Trim('/');

    private sealed record Entry(string Path, long Size, byte[] Hash, UnixFileMode? Mode, string? LinkTarget, bool InHead, byte[]? Bytes)
    {
        public static Entry ForLink(string path, string target, bool inHead) =>
            new(path, 0, SHA256.HashData(Encoding.UTF8.GetBytes("symlink:" + target)), null, target, inHead, null);
    }
}
