using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CiAgent.Verification;

/// <summary>The target's projects and their project references, read from the solution and project files without MSBuild.</summary>
/// <remarks>
/// Only literal <c>ProjectReference</c> includes are followed; a reference built from a property, or one declared outside the
/// project file (Directory.Build.props), makes the graph <see cref="Complete"/> false, and callers then build the whole target.
/// </remarks>
public sealed partial class ProjectGraph
{
    private static readonly string[] RestoreFileNames = ["nuget.config", "global.json", "packages.lock.json"];
    private static readonly string[] RestoreExtensions = [".csproj", ".fsproj", ".vbproj", ".props", ".targets", ".sln", ".slnx", ".slnf"];

    private readonly Dictionary<string, IReadOnlyList<string>> _references;

    private ProjectGraph(Dictionary<string, IReadOnlyList<string>> references, bool complete)
    {
        _references = references;
        Complete = complete;
    }

    /// <summary>Every project the target builds, by full path.</summary>
    public IReadOnlyCollection<string> Projects => _references.Keys;

    /// <summary>False when some project reference could not be read literally, so a dependant may be missing.</summary>
    public bool Complete { get; }

    /// <summary>Reads the graph of a solution (.sln, .slnx) or of a project and everything it references.</summary>
    public static ProjectGraph Read(string target)
    {
        var complete = true;
        var pending = new Queue<string>(IsProject(target) ? [Path.GetFullPath(target)] : SolutionProjects(target));
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var project))
        {
            if (references.ContainsKey(project) || !File.Exists(project))
            {
                complete &= File.Exists(project);
                continue;
            }

            var (direct, literal) = ReferencesOf(project);
            complete &= literal;
            references[project] = direct;
            foreach (var reference in direct)
            {
                pending.Enqueue(reference);
            }
        }

        return new ProjectGraph(references, complete);
    }

    /// <summary>True when editing the file can change what restore produces or which projects exist: project, props, targets, solution and NuGet files.</summary>
    public static bool AffectsRestore(string path)
    {
        var name = Path.GetFileName(path);
        return RestoreFileNames.Contains(name, StringComparer.OrdinalIgnoreCase)
            || RestoreExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The project that owns a file (the nearest project of the graph in a folder above it), or null.</summary>
    public string? Owner(string fullPath)
    {
        for (var directory = Path.GetDirectoryName(fullPath); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var projects = Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.*proj").Where(IsProject).ToList() : [];
            if (projects.Count > 0)
            {
                return projects.FirstOrDefault(p => _references.ContainsKey(p));
            }
        }

        return null;
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

    private IEnumerable<string> Closure(string project)
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

    private static bool IsProject(string path) =>
        path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> SolutionProjects(string solution)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(solution))!;
        var text = File.ReadAllText(solution);
        var paths = solution.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
            ? XDocument.Parse(text).Descendants().Where(e => e.Name.LocalName == "Project").Select(e => (string?)e.Attribute("Path"))
            : SolutionProjectLine().Matches(text).Select(m => (string?)m.Groups["path"].Value);
        return paths.OfType<string>().Where(IsProject).Select(p => Path.GetFullPath(Path.Combine(directory, p.Replace('\\', '/'))));
    }

    private static (IReadOnlyList<string> References, bool Literal) ReferencesOf(string project)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(project);
        }
        catch (System.Xml.XmlException)
        {
            return ([], false);
        }

        var directory = Path.GetDirectoryName(project)!;
        var includes = document.Descendants().Where(e => e.Name.LocalName == "ProjectReference").Select(e => (string?)e.Attribute("Include") ?? "").ToList();
        var literal = includes.All(i => !i.Contains('$') && !i.Contains('*') && !i.Contains('@'));
        var references = includes
            .SelectMany(i => i.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(i => !i.Contains('$'))
            .Select(i => Path.GetFullPath(Path.Combine(directory, i.Replace('\\', '/'))))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (references, literal && !ImportsProjectReferences(directory));
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

    [GeneratedRegex("""^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*",\s*"(?<path>[^"]+)"\s*,""", RegexOptions.Multiline)]
    private static partial Regex SolutionProjectLine();

    [GeneratedRegex("""Microsoft\.NET\.Test\.Sdk|<IsTestProject>\s*true|MSTest\.Sdk|TUnit|Microsoft\.Testing\.Platform""", RegexOptions.IgnoreCase)]
    private static partial Regex TestProjectMarker();
}
