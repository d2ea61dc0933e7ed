namespace CiAgent.Workspace;

public sealed partial class GitRepository
{
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
}
