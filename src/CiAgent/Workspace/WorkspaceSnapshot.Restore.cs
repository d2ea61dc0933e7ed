namespace CiAgent.Workspace;

public sealed partial class WorkspaceSnapshot
{
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
        while (!string.IsNullOrEmpty(directory) && !_directories.Contains(directory) && !SnapshotScope.IsExcluded(directory, _excluded))
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
}
