using System.Xml;
using System.Xml.Linq;

namespace CiAgent.Workspace;

/// <summary>Finds items that bring a file from outside a project's folder into its build, which the project graph cannot see.</summary>
/// <remarks>
/// An edit is owned by the project in the folder above it; a file that another project links in (<c>&lt;Compile Include="..\Shared\Clock.cs" /&gt;</c>)
/// reaches that project too, so a build of the owner and its dependants no longer covers everything the edit can change.
/// </remarks>
public static class LinkedFiles
{
    // Items that name packages, references or metadata, never a file the build compiles or copies.
    private static readonly HashSet<string> NotFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "PackageReference", "PackageVersion", "GlobalPackageReference", "PackageDownload", "ProjectReference", "FrameworkReference", "Reference",
        "Using", "InternalsVisibleTo", "AssemblyAttribute", "Folder", "SupportedPlatform", "ProjectCapability", "Service", "TrimmerRootAssembly",
    };

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", "packages" };

    /// <summary>True when a project, or an MSBuild file anywhere in the workspace, may bring a file from outside a project's folder into a build, or cannot be read.</summary>
    /// <param name="projects">The projects' full paths.</param>
    /// <param name="root">The workspace root, searched for .props and .targets files.</param>
    public static bool Present(IEnumerable<string> projects, string root) =>
        projects.Concat(MsBuildFiles(root)).Distinct(StringComparer.Ordinal).Any(Links);

    private static bool Links(string file)
    {
        try
        {
            return XDocument.Load(file).Descendants()
                .Where(e => e.Parent?.Name.LocalName == "ItemGroup" && !NotFiles.Contains(e.Name.LocalName))
                .Any(e => (string?)e.Attribute("Include") is { } include && include.Split(';').Any(OutsideTheProject) && ReachesTheBuild(e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return true;
        }
    }

    // A path that climbs out, is rooted, or is computed cannot be shown to stay in the project's folder.
    private static bool OutsideTheProject(string include)
    {
        var path = include.Trim().Replace('\\', '/');
        return path.Contains("..", StringComparison.Ordinal) || path.Contains("$(", StringComparison.Ordinal) || path.Contains("@(", StringComparison.Ordinal)
            || path.Contains("%(", StringComparison.Ordinal) || path.StartsWith('/') || (path.Length > 1 && path[1] == ':');
    }

    // None and Content only reach the build when copied to the output (a README packed into the package does not); the others are inputs.
    private static bool ReachesTheBuild(XElement item)
    {
        if (item.Name.LocalName is not ("None" or "Content"))
        {
            return true;
        }

        var copy = (string?)item.Attribute("CopyToOutputDirectory") ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == "CopyToOutputDirectory")?.Value;
        return copy is not null && !copy.Trim().Equals("Never", StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> MsBuildFiles(string root)
    {
        var folders = new Stack<string>([root]);
        while (folders.TryPop(out var folder))
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(folder).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (Directory.Exists(entry))
                {
                    if (!name.StartsWith('.') && !SkippedFolders.Contains(name) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
                    {
                        folders.Push(entry);
                    }
                }
                else if (name.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".targets", StringComparison.OrdinalIgnoreCase))
                {
                    yield return entry;
                }
            }
        }
    }
}
