using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CiAgent.Security;

namespace CiAgent.Strategies.Offline;

/// <summary>The C# projects of the build target, read from the solution file, with the project references each one declares.</summary>
internal sealed partial class SolutionProjects
{
    private static readonly string[] Skipped = ["bin", "obj", ".git", "node_modules"];

    private readonly Dictionary<string, IReadOnlyList<string>> _references = new(StringComparer.Ordinal);

    /// <summary>Reads the projects of a .sln, .slnx or project target; a project target stands for every project in the workspace.</summary>
    public SolutionProjects(string root, string target)
    {
        Root = root;
        var listed = target.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) ? FromSln(target)
            : target.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) ? FromSlnx(target)
            : FilesUnder(root, "*.csproj");
        // Projects the listed ones reference belong to the build too, listed or not.
        var all = new SortedSet<string>(listed.Where(File.Exists), StringComparer.Ordinal);
        var pending = new Stack<string>(all);
        while (pending.Count > 0)
        {
            foreach (var reference in References(pending.Pop()).Where(r => File.Exists(r) && all.Add(r)))
            {
                pending.Push(reference);
            }
        }

        All = [.. all];
    }

    /// <summary>The workspace root.</summary>
    public string Root { get; }

    /// <summary>Full paths of the C# projects, in a stable order.</summary>
    public IReadOnlyList<string> All { get; }

    /// <summary>Full paths of the projects a project references directly.</summary>
    public IReadOnlyList<string> References(string project)
    {
        if (!_references.TryGetValue(project, out var references))
        {
            var directory = Path.GetDirectoryName(project)!;
            references = _references[project] = Items(project, "ProjectReference")
                .Select(include => Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))))
                .ToList();
        }

        return references;
    }

    /// <summary>True when <paramref name="from"/> references <paramref name="to"/>, directly or through other projects.</summary>
    public bool Reaches(string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([from]);
        while (pending.Count > 0)
        {
            var project = pending.Pop();
            if (project == to)
            {
                return true;
            }

            foreach (var reference in References(project).Where(seen.Add))
            {
                pending.Push(reference);
            }
        }

        return false;
    }

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

    private static IEnumerable<string> FromSln(string solution)
    {
        var directory = Path.GetDirectoryName(solution)!;
        return SlnProject().Matches(File.ReadAllText(solution))
            .Select(m => Path.GetFullPath(Path.Combine(directory, m.Groups["path"].Value.Replace('\\', Path.DirectorySeparatorChar))));
    }

    private static IEnumerable<string> FromSlnx(string solution)
    {
        var directory = Path.GetDirectoryName(solution)!;
        return XDocument.Load(solution).Descendants()
            .Where(e => e.Name.LocalName == "Project")
            .Select(e => (string?)e.Attribute("Path"))
            .Where(path => path is not null && path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            .Select(path => Path.GetFullPath(Path.Combine(directory, path!.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();
    }

    [GeneratedRegex("""^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*"\s*,\s*"(?<path>[^"]+\.csproj)"\s*,""", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SlnProject();
}
