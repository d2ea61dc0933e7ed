using System.Text.RegularExpressions;

namespace CiAgent.Workspace;

/// <summary>The projects a build target covers and their project references, read from the solution and project files without MSBuild.</summary>
/// <remarks>
/// Read from the files rather than evaluated by MSBuild, which would cost a process per project. Only literal <c>ProjectReference</c>
/// includes are followed; a reference built from a property or a wildcard, one declared outside the project file (Directory.Build.props),
/// an unreadable file or a missing project makes <see cref="Complete"/> false: callers that must see every dependant then build the
/// whole target, and the offline tier simply does not fix such a dependant ahead of the rebuild.
/// </remarks>
public sealed partial class ProjectGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _references;

    private ProjectGraph(Dictionary<string, IReadOnlyList<string>> references, bool complete)
    {
        _references = references;
        Complete = complete;
        Order = ReferencesFirst(references);
    }

    /// <summary>Every project the target builds, by full path.</summary>
    public IReadOnlyCollection<string> Projects => _references.Keys;

    /// <summary>False when some project reference could not be read literally, so a dependant may be missing.</summary>
    public bool Complete { get; }

    /// <summary>Every project of the graph, each after the projects it references (a cycle is cut where it closes).</summary>
    public IReadOnlyList<string> Order { get; }

    /// <summary>True when the graph is complete and each project in <see cref="Order"/> depends on the one before it: MSBuild never has two projects to build at once.</summary>
    public bool IsOneChain => Complete && Order.Count > 0 && Order.Skip(1).Select((project, i) => DependsOn(project, Order[i])).All(chained => chained);

    /// <summary>The full paths of the projects a project references directly, read from its file when the graph does not hold it.</summary>
    public IReadOnlyList<string> ReferencesOf(string project) =>
        _references.TryGetValue(project, out var references) ? references : ReadReferences(project).References;

    /// <summary>The project that owns a file (the nearest project of the graph in a folder above it), or null.</summary>
    public string? Owner(string fullPath)
    {
        for (var directory = Path.GetDirectoryName(fullPath); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var projects = Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.*proj").Where(IsProject).ToList() : [];
            if (projects.Count > 0)
            {
                // The nearest project claims the file even when the target does not build it: the file then belongs to no project of the graph.
                return projects.FirstOrDefault(_references.ContainsKey);
            }
        }

        return null;
    }

    /// <summary>The projects that reference this one directly, in <see cref="Order"/>.</summary>
    public IEnumerable<string> DependantsOf(string project) =>
        Order.Where(p => _references[p].Contains(project, StringComparer.Ordinal));

    /// <summary>True when the first project references the second, directly or through others.</summary>
    public bool DependsOn(string project, string dependency)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            foreach (var reference in _references.GetValueOrDefault(next) ?? [])
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

    /// <summary>The given projects and every project that references one of them, directly or not.</summary>
    public IReadOnlySet<string> WithDependants(IEnumerable<string> projects)
    {
        var affected = new HashSet<string>(projects, StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (project, references) in _references)
            {
                if (!affected.Contains(project) && references.Any(affected.Contains))
                {
                    grew = affected.Add(project);
                }
            }
        }

        return affected;
    }

    /// <summary>The projects of a set that no other project of the set references: building them builds the whole set.</summary>
    public IReadOnlyList<string> Tops(IReadOnlySet<string> projects)
    {
        var below = projects.SelectMany(p => _references.GetValueOrDefault(p) ?? []).SelectMany(Closure).ToHashSet(StringComparer.Ordinal);
        return [.. projects.Where(p => !below.Contains(p)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The test projects among the given ones (those that reference a test SDK or say IsTestProject).</summary>
    public static IReadOnlyList<string> TestProjects(IEnumerable<string> projects) =>
        [.. projects.Where(p => File.Exists(p) && TestProjectMarker().IsMatch(File.ReadAllText(p))).Order(StringComparer.Ordinal)];

    // The project and everything it references, directly or not.
    private HashSet<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var reference in _references.GetValueOrDefault(next) ?? [])
                {
                    pending.Push(reference);
                }
            }
        }

        return seen;
    }

    // Depth first from the projects in ordinal order, references before the project, so the order is the same on every run;
    // a cycle (which MSBuild refuses anyway) is cut where it closes.
    private static List<string> ReferencesFirst(Dictionary<string, IReadOnlyList<string>> references)
    {
        var order = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in references.Keys.Order(StringComparer.Ordinal))
        {
            Visit(project);
        }

        return order;

        void Visit(string project)
        {
            // A reference to a project that does not exist is no node of the graph and has no place in the order.
            if (!references.TryGetValue(project, out var direct) || !visited.Add(project))
            {
                return;
            }

            foreach (var reference in direct)
            {
                Visit(reference);
            }

            order.Add(project);
        }
    }

    [GeneratedRegex("""Microsoft\.NET\.Test\.Sdk|<IsTestProject>\s*true|MSTest\.Sdk|TUnit|Microsoft\.Testing\.Platform""", RegexOptions.IgnoreCase)]
    private static partial Regex TestProjectMarker();
}
