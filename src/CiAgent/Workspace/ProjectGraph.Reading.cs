using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace CiAgent.Workspace;

public sealed partial class ProjectGraph
{
    /// <summary>Reads the graph of a solution (.sln, .slnx: the projects it builds) or of a project, and everything they reference.</summary>
    public static ProjectGraph Read(string target) =>
        IsProject(target) ? Read([target])
        : BuiltBy(target) is { } built ? Read(built)
        : Walk([], complete: false);

    /// <summary>Reads the graph of the given projects and of everything they reference.</summary>
    public static ProjectGraph Read(IEnumerable<string> projects) => Walk(projects, complete: true);

    // Breadth first from the roots; a root or reference that does not exist is no node, and leaves the graph incomplete.
    private static ProjectGraph Walk(IEnumerable<string> projects, bool complete)
    {
        var pending = new Queue<string>(projects.Select(Path.GetFullPath));
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var project))
        {
            if (references.ContainsKey(project) || !File.Exists(project))
            {
                complete &= File.Exists(project);
                continue;
            }

            var (direct, literal) = ReadReferences(project);
            complete &= literal;
            references[project] = direct;
            foreach (var reference in direct)
            {
                pending.Enqueue(reference);
            }
        }

        return new ProjectGraph(references, complete);
    }

    /// <summary>The full paths of the projects a solution lists (.slnx as XML, anything else as .sln text), or null when it cannot be read.</summary>
    public static IReadOnlyList<string>? ListedIn(string solution) => ReadSolution(solution, builtOnly: false);

    /// <summary>The full paths of the projects a solution builds, or null when it cannot be read.</summary>
    /// <remarks>
    /// A project listed without any <c>Build.0</c> line (.sln) or with <c>&lt;Build Project="false" /&gt;</c> (.slnx) is never built
    /// by <c>dotnet build</c> of the solution, nor restored, unless a built project references it; building it alone would fail on
    /// its missing assets file. A .sln with no configuration lines at all builds every project.
    /// </remarks>
    public static IReadOnlyList<string>? BuiltBy(string solution) => ReadSolution(solution, builtOnly: true);

    // One read and one parse of the solution file, whichever list is asked for.
    private static IReadOnlyList<string>? ReadSolution(string solution, bool builtOnly)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(solution))!;
        try
        {
            var text = File.ReadAllText(solution);
            IEnumerable<string?> paths;
            if (solution.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
            {
                paths = XDocument.Parse(text).Descendants()
                    .Where(e => e.Name.LocalName == "Project" && !(builtOnly && e.Elements().Any(NeverBuilds)))
                    .Select(e => (string?)e.Attribute("Path"));
            }
            else
            {
                var built = builtOnly ? SolutionBuildLines.In(text).Select(line => line.Guid).ToHashSet(StringComparer.OrdinalIgnoreCase) : [];
                paths = SolutionProjectLine().Matches(text)
                    .Where(m => built.Count == 0 || !m.Groups["guid"].Success || built.Contains(m.Groups["guid"].Value))
                    .Select(m => (string?)m.Groups["path"].Value);
            }

            return [.. paths.OfType<string>().Where(IsProject).Select(p => Path.GetFullPath(Path.Combine(directory, p.Replace('\\', '/'))))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return null;
        }
    }

    // <Build Project="false" />, for every configuration or for Debug, the one dotnet build uses unless told otherwise.
    private static bool NeverBuilds(XElement element) =>
        element.Name.LocalName == "Build" && string.Equals((string?)element.Attribute("Project"), "false", StringComparison.OrdinalIgnoreCase)
        && ((string?)element.Attribute("Solution") is not { } only || only.StartsWith("Debug|", StringComparison.OrdinalIgnoreCase) || only.StartsWith("*|", StringComparison.Ordinal));

    /// <summary>Every <c>ProjectReference</c> include a project file declares, as written (a list split at its semicolons); none when the file is not readable XML.</summary>
    public static IReadOnlyList<string> DeclaredReferences(string project) => ReadIncludes(project) ?? [];

    private static bool IsProject(string path) =>
        path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase);

    // The literal references resolved to full paths, and whether they are all the project has: a property, wildcard or item
    // transform in an include, an unreadable file, or references added from a Directory.Build file make the reading partial.
    private static (IReadOnlyList<string> References, bool Literal) ReadReferences(string project)
    {
        if (ReadIncludes(project) is not { } includes)
        {
            return ([], false);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(project))!;
        var literal = includes.All(i => !i.Contains('$') && !i.Contains('*') && !i.Contains('@'));
        var references = includes
            .Where(i => !i.Contains('$'))
            .Select(i => Path.GetFullPath(Path.Combine(directory, i.Replace('\\', '/'))))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (references, literal && !ImportsProjectReferences(directory));
    }

    private static List<string>? ReadIncludes(string project)
    {
        try
        {
            return XDocument.Load(project).Descendants()
                .Where(e => e.Name.LocalName == "ProjectReference")
                .SelectMany(e => ((string?)e.Attribute("Include") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return null;
        }
    }

    // A ProjectReference added by a Directory.Build.props or .targets above the project is invisible to this reading.
    private static bool ImportsProjectReferences(string directory)
    {
        for (var folder = directory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets" })
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path) && File.ReadAllText(path).Contains("ProjectReference", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    [GeneratedRegex("""^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*"\s*,\s*"(?<path>[^"]+)"\s*,(?:\s*"\{(?<guid>[^}]+)\}")?""", RegexOptions.Multiline)]
    private static partial Regex SolutionProjectLine();
}
