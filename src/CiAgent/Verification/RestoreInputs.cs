using CiAgent.Workspace;

namespace CiAgent.Verification;

/// <summary>What restore reads among the files a run edited: a changed project file means the packages and project graph must be restored again.</summary>
internal static class RestoreInputs
{
    private static readonly string[] RestoreFileNames = ["nuget.config", "global.json", "packages.lock.json"];
    private static readonly string[] RestoreExtensions = [".csproj", ".fsproj", ".vbproj", ".props", ".targets", ".sln", ".slnx", ".slnf"];

    /// <summary>A fingerprint of the edited MSBuild files as they are on disk now; it differs whenever one of them was written or undone.</summary>
    public static string Stamp(RunWorkspace workspace) =>
        string.Join('\n', workspace.EditedFiles
            .Where(AffectsRestore)
            .Order(StringComparer.Ordinal)
            .Select(file => Path.Combine(workspace.Root, file))
            .Select(path => File.Exists(path) ? $"{path}|{File.GetLastWriteTimeUtc(path).Ticks}|{new FileInfo(path).Length}" : path));

    /// <summary>True when editing the file can change what restore produces or which projects exist: project, props, targets, solution and NuGet files.</summary>
    public static bool AffectsRestore(string path)
    {
        var name = Path.GetFileName(path);
        return RestoreFileNames.Contains(name, StringComparer.OrdinalIgnoreCase)
            || RestoreExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);
    }
}
