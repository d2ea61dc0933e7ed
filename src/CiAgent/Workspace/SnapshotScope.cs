using CiAgent.Kernel;

namespace CiAgent.Workspace;

/// <summary>Which root-relative paths a snapshot covers: walking the tree where git cannot list it, and mapping between root, repository and excluded paths.</summary>
internal static class SnapshotScope
{
    // Build output and tool caches: never the user's sources, and often huge. Only used where git cannot say what is ignored.
    private static readonly HashSet<string> SkippedDirectoryNames = new(StringComparer.Ordinal) { "bin", "obj", ".git", ".vs", "node_modules" };

    /// <summary>Lists root-relative paths of the files and links under the root, for a tree git does not manage.</summary>
    internal static IEnumerable<string> Walk(string root, string[] excluded)
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

    /// <summary>Lists root-relative paths of the real directories under the root, so restore knows which ones the run created.</summary>
    internal static HashSet<string> WalkDirectories(string root, string[] excluded)
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

    /// <summary>Returns the root's path within the git work tree with a trailing '/', or empty when they are the same.</summary>
    internal static string PrefixWithin(string gitRoot, string root)
    {
        var relative = WorkspaceRelative.Of(root, gitRoot);
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

    /// <summary>Turns a repository-relative path into a root-relative one, or null when it lies outside the root.</summary>
    internal static string? ToRootRelative(string repoPath, string prefix) =>
        prefix.Length == 0 ? repoPath : repoPath.StartsWith(prefix, StringComparison.Ordinal) ? repoPath[prefix.Length..] : null;

    /// <summary>Tells whether a root-relative path is one of the excluded paths or lies below one.</summary>
    internal static bool IsExcluded(string relative, string[] excluded) =>
        excluded.Any(x => relative == x || relative.StartsWith(x + "/", StringComparison.Ordinal));

    /// <summary>Writes a root-relative path the way the snapshot keys it: '/' separators, no leading or trailing '/'.</summary>
    internal static string NormalizeRelative(string path) => path.Replace('\\', '/').Trim('/');
}
