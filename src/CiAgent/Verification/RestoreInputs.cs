using CiAgent.Workspace;

namespace CiAgent.Verification;

/// <summary>What restore reads among the files a run edited: a changed project file means the packages and project graph must be restored again.</summary>
internal static class RestoreInputs
{
    /// <summary>A fingerprint of the edited MSBuild files as they are on disk now; it differs whenever one of them was written or undone.</summary>
    public static string Stamp(RunWorkspace workspace) =>
        string.Join('\n', workspace.EditedFiles
            .Where(ProjectGraph.AffectsRestore)
            .Order(StringComparer.Ordinal)
            .Select(file => Path.Combine(workspace.Root, file))
            .Select(path => File.Exists(path) ? $"{path}|{File.GetLastWriteTimeUtc(path).Ticks}|{new FileInfo(path).Length}" : path));
}
