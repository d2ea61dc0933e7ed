using System.Xml;
using System.Xml.Linq;
using CiAgent.Security;
using CiAgent.Workspace;

namespace CiAgent.Strategies.Offline;

/// <summary>The C# projects of the build target, read from the solution file, with the project references each one declares.</summary>
internal sealed class SolutionProjects
{
    private static readonly string[] Skipped = ["bin", "obj", ".git", "node_modules"];

    private readonly ProjectGraph _graph;

    /// <summary>Reads the projects of a .sln, .slnx or project target; a project target stands for every project in the workspace.</summary>
    public SolutionProjects(string root, string target)
    {
        Root = root;
        var listed = target.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
            ? (ProjectGraph.ListedIn(target) ?? []).Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            : FilesUnder(root, "*.csproj");
        // Projects the listed ones reference belong to the build too, listed or not.
        _graph = ProjectGraph.Read(listed);
        All = [.. _graph.Projects.Order(StringComparer.Ordinal)];
    }

    /// <summary>The workspace root.</summary>
    public string Root { get; }

    /// <summary>Full paths of the C# projects, in a stable order.</summary>
    public IReadOnlyList<string> All { get; }

    /// <summary>Full paths of the projects a project references directly.</summary>
    public IReadOnlyList<string> References(string project) => _graph.ReferencesOf(project);

    /// <summary>True when <paramref name="from"/> is <paramref name="to"/> or references it, directly or through other projects.</summary>
    public bool Reaches(string from, string to) => from == to || _graph.DependsOn(from, to);

    /// <summary>True for a project that references a test framework or says it is a test project.</summary>
    public static bool IsTestProject(string project) => File.Exists(project) && TestFileClassifier.IsTestProjectText(File.ReadAllText(project));

    /// <summary>The C# files a project compiles by default: those under its folder that no nested project claims.</summary>
    public static IEnumerable<string> SourceFiles(string project)
    {
        var directory = Path.GetDirectoryName(project)!;
        return FilesUnder(directory, "*.cs").Where(file => OwningDirectory(file, directory) == directory);
    }

    /// <summary>The Include of every item of a type in a project file, or none when it is not XML.</summary>
    public static IEnumerable<string> Items(string project, string itemType)
    {
        try
        {
            return XDocument.Load(project).Descendants()
                .Where(e => e.Name.LocalName == itemType)
                .Select(e => (string?)e.Attribute("Include"))
                .OfType<string>()
                .ToList();
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            return [];
        }
    }

    private static string? OwningDirectory(string file, string stop)
    {
        for (var directory = Path.GetDirectoryName(file); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (directory == stop || Directory.EnumerateFiles(directory, "*.csproj").Any())
            {
                return directory;
            }
        }

        return null;
    }

    /// <summary>Files matching the pattern under a folder, build outputs, git and node_modules left out.</summary>
    public static IEnumerable<string> FilesUnder(string directory, string pattern)
    {
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current, pattern))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(current).Where(d => !Skipped.Contains(Path.GetFileName(d), StringComparer.OrdinalIgnoreCase)))
            {
                pending.Push(child);
            }
        }
    }
}
