namespace CiAgent.Workspace;

/// <summary>How paths are shown to people and models: relative to the workspace with '/' separators when they lie under it.</summary>
public static class WorkspaceRelative
{
    /// <summary>The path relative to the root with '/' separators, or the path as given when it is not a full path under the root.</summary>
    public static string Of(string path, string root) =>
        Path.IsPathFullyQualified(path) && path.StartsWith(root, StringComparison.Ordinal) ? Path.GetRelativePath(root, path).Replace('\\', '/') : path;
}
