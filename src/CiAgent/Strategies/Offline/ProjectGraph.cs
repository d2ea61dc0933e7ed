using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace CiAgent.Strategies.Offline;

/// <summary>The C# projects a build target compiles and their project references, read from the solution and project files.</summary>
/// <remarks>
/// Read from the files rather than evaluated by MSBuild, which would cost a process per project: a reference written
/// through a property (<c>$(Root)/X.csproj</c>) is missed, so a dependant is then simply not fixed ahead of the rebuild.
/// </remarks>
internal sealed partial class ProjectGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _references;

    private ProjectGraph(Dictionary<string, IReadOnlyList<string>> references, IReadOnlyList<string> order) => (_references, Order) = (references, order);

    /// <summary>Every project of the build, each after the projects it references.</summary>
    public IReadOnlyList<string> Order { get; }

    /// <summary>Reads the graph of a solution (.sln, .slnx) or project; an unreadable file gives the projects found so far.</summary>
    public static ProjectGraph Of(string target)
    {
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var pending = new Stack<string>(RootsOf(Path.GetFullPath(target)).Reverse());
        while (pending.Count > 0)
        {
            var project = pending.Pop();
            if (references.ContainsKey(project))
            {
                continue;
            }

            references[project] = ReferencesOf(project);
            foreach (var reference in references[project])
            {
                pending.Push(reference);
            }
        }

        var order = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in references.Keys.Order(StringComparer.Ordinal))
        {
            Visit(project, references, visited, order);
        }

        return new ProjectGraph(references, order);
    }

    /// <summary>The projects that reference this one directly.</summary>
    public IEnumerable<string> DependantsOf(string project) =>
        Order.Where(p => _references.TryGetValue(p, out var references) && references.Contains(project, StringComparer.Ordinal));

    /// <summary>True when the first project references the second, directly or through others.</summary>
    public bool DependsOn(string project, string dependency)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.Count > 0)
        {
            foreach (var reference in _references.GetValueOrDefault(pending.Pop()) ?? [])
            {
                if (reference == dependency)
                {
                    return true;
                }

                if (seen.Add(reference))
                {
                    pending.Push(reference);
                }
            }
        }

        return false;
    }

    // Depth first, references before the project; a cycle (which MSBuild refuses anyway) is cut where it closes.
    private static void Visit(string project, Dictionary<string, IReadOnlyList<string>> references, HashSet<string> visited, List<string> order)
    {
        if (!visited.Add(project))
        {
            return;
        }

        foreach (var reference in references.GetValueOrDefault(project) ?? [])
        {
            Visit(reference, references, visited, order);
        }

        order.Add(project);
    }

    private static IEnumerable<string> RootsOf(string target)
    {
        var directory = Path.GetDirectoryName(target)!;
        var extension = Path.GetExtension(target).ToLowerInvariant();
        IEnumerable<string> listed = extension switch
        {
            ".csproj" => [target],
            ".sln" => Read(target, text => SolutionProject().Matches(text).Select(m => m.Groups[1].Value)),
            ".slnx" => Read(target, text => XDocument.Parse(text).Descendants("Project").Select(p => (string?)p.Attribute("Path")).OfType<string>()),
            _ => [],
        };
        return listed.Select(path => Resolve(directory, path)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyList<string> ReferencesOf(string project) =>
        Read(project, text => XDocument.Parse(text).Descendants().Where(e => e.Name.LocalName == "ProjectReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
            .Select(include => Resolve(Path.GetDirectoryName(project)!, include))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string? Resolve(string directory, string path)
    {
        if (path.Contains("$(", StringComparison.Ordinal) || !path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(directory, path.Replace('\\', Path.DirectorySeparatorChar)));
        return File.Exists(full) ? full : null;
    }

    private static IEnumerable<string> Read(string path, Func<string, IEnumerable<string>> parse)
    {
        try
        {
            return parse(File.ReadAllText(path)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"^Project\(""[^""]*""\)\s*=\s*""[^""]*""\s*,\s*""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
