namespace CiAgent.Context;

/// <summary>The C# files under a project's folder, its build output (any <c>bin</c> or <c>obj</c> folder) aside.</summary>
internal static class ProjectSourceFiles
{
    private static readonly string[] BuildOutputFolders = ["bin", "obj"];

    /// <summary>Lists the C# files under the folder and its subfolders that are not in build output.</summary>
    public static IEnumerable<string> Under(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(directory, "*.cs", options)
            .Where(file => !Path.GetRelativePath(directory, file).Split(Path.DirectorySeparatorChar).Any(part => BuildOutputFolders.Contains(part)));
    }
}
