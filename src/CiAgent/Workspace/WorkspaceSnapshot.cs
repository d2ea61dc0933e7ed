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
public sealed partial class WorkspaceSnapshot
{
    /// <summary>How many bytes of file content a snapshot keeps in memory unless told otherwise.</summary>
    public const long DefaultKeptBytesLimit = 256L * 1024 * 1024;

    private const long SmallTrackedFileLimit = 1024 * 1024;

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


    /// <summary>Lists root-relative paths of files modified, deleted or added (not ignored, not excluded) since the capture.</summary>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync(CancellationToken cancellationToken = default)
    {
        var (changed, added) = await CompareAsync(cancellationToken).ConfigureAwait(false);
        return [.. changed.Select(e => e.Path).Concat(added).Order(StringComparer.Ordinal)];
    }

    /// <summary>Returns the content a file had at capture when the snapshot kept it in memory.</summary>
    public bool TryGetOriginal(string path, out byte[] content)
    {
        if (_entries.TryGetValue(SnapshotScope.NormalizeRelative(path), out var entry) && entry.Bytes is { } bytes)
        {
            content = bytes;
            return true;
        }

        content = [];
        return false;
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
            return SnapshotScope.Walk(Root, _excluded);
        }

        var listed = await _git.ListFilesAsync(cancellationToken).ConfigureAwait(false);
        return listed
            .Select(p => SnapshotScope.ToRootRelative(p, _gitPrefix))
            .OfType<string>()
            .Where(p => !SnapshotScope.IsExcluded(p, _excluded))
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
}
