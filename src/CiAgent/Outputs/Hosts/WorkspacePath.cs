using CiAgent.Kernel;

namespace CiAgent.Outputs.Hosts;

/// <summary>Turns report paths into the forward-slash, repository-relative form CI annotations link from.</summary>
internal static class WorkspacePath
{
    /// <summary>The path relative to <paramref name="root"/> when it lies inside it, else the full path; null stays null.</summary>
    public static string? Relative(string? path, string workspaceRoot, string? root = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        // Report paths are workspace-relative, but the CI system links from its own checkout root, which may sit above the workspace.
        var full = Path.GetFullPath(path, Path.GetFullPath(workspaceRoot));
        var baseDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root ?? workspaceRoot));
        return WorkspaceRelative.Of(full, baseDirectory).Replace('\\', '/');
    }
}
