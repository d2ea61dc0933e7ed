namespace CiAgent.Kernel;

/// <summary>How paths are shown to people, models and git: relative to a root with '/' separators when they lie under it.</summary>
public static class WorkspaceRelative
{
    /// <summary>The path relative to the root with '/' separators, or the path as given when it is not a full path under the root.</summary>
    public static string Of(string path, string root)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        var under = path.Length == trimmed.Length
            ? string.Equals(path, trimmed, StringComparison.Ordinal)
            : path.StartsWith(trimmed, StringComparison.Ordinal) && (path[trimmed.Length] is '/' or '\\' || trimmed.EndsWith(Path.DirectorySeparatorChar));
        return Path.IsPathFullyQualified(path) && under ? Path.GetRelativePath(trimmed, path).Replace('\\', '/') : path;
    }
}
