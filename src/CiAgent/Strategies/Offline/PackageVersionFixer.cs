using System.Xml;
using System.Xml.Linq;
using CiAgent.Kernel;
using CiAgent.Workspace;
using Serilog;

namespace CiAgent.Strategies.Offline;

/// <summary>Adds the PackageVersion a centrally managed project lacks (NU1010) to Directory.Packages.props, at the one version the solution already uses.</summary>
/// <param name="workspace">The run's workspace, whose target lists the solution's projects.</param>
/// <param name="log">The run's log.</param>
public sealed class PackageVersionFixer(RunWorkspace workspace, ILogger log)
{
    /// <summary>The fixer's name in reports.</summary>
    public const string FixerName = "package-version";

    private const string MissingVersion = "NU1010";

    /// <summary>Writes the fixes for the build's NU1010 errors, keeping each file's original in <paramref name="originals"/> so the round can be undone.</summary>
    public IReadOnlyList<FixReport> Apply(BuildResult build, IDictionary<string, TextFile> originals)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(originals);
        var projects = build.Errors
            .Where(e => e.Code == MissingVersion)
            .Select(e => e.Project ?? e.File)
            .OfType<string>()
            .Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase) && File.Exists(p))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (projects.Count == 0)
        {
            return [];
        }

        var solution = new SolutionProjects(workspace.Root, workspace.Target);
        var edits = new Dictionary<string, TextFile>(StringComparer.Ordinal);
        var reports = new List<FixReport>();
        foreach (var project in projects)
        {
            if (CentralPackages.FileFor(project) is not { } central)
            {
                continue;
            }

            var file = edits.TryGetValue(central, out var edited) ? edited : TextFile.Read(central);
            foreach (var id in Unpinned(project, CentralPackages.VersionsInText(file.Text)))
            {
                var versions = VersionsInUse(solution, central, id);
                // No version, or several, leaves the choice to a person: a guess could change what the solution runs on.
                if (versions.Count != 1 || ProjectFileText.AddItem(file.Text, file.NewLine, "PackageVersion", id, ("Version", versions[0])) is not { } text
                    || !CentralPackages.VersionsInText(text).ContainsKey(id))
                {
                    log.Information("No fix for NU1010 on {Package} in {Project}: the solution uses {Count} versions of it", id, workspace.Relative(project), versions.Count);
                    continue;
                }

                file = edits[central] = file.WithText(text);
                var line = text[..text.IndexOf($"Include=\"{id}\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
                var description = $"Added `<PackageVersion Include=\"{id}\" Version=\"{versions[0]}\" />`, the version the solution already uses, for {Path.GetFileName(project)}";
                log.Information("{File}({Line}): {Code} fixed offline: {Description}", workspace.Relative(central), line, MissingVersion, description);
                reports.Add(new FixReport("offline", FixerName, MissingVersion, workspace.Relative(central), line, description));
            }
        }

        foreach (var (path, file) in edits)
        {
            originals.TryAdd(path, TextFile.Read(path));
            workspace.Write(file);
        }

        return reports;
    }

    /// <summary>True when the restore errors went down: a project that restores can show compile errors it could not reach before.</summary>
    public static bool MadeProgress(BuildResult before, BuildResult after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        static int Restore(BuildResult build) => build.Errors.Count(e => e.Code.StartsWith("NU", StringComparison.Ordinal));
        return after.Succeeded || Restore(after) < Restore(before);
    }

    /// <summary>Packages the project references without a version of its own that the central file does not pin.</summary>
    private static IEnumerable<string> Unpinned(string project, IReadOnlyDictionary<string, string> pinned)
    {
        try
        {
            return XDocument.Load(project).Descendants()
                .Where(e => e.Name.LocalName == "PackageReference" && e.Attribute("Version") is null && e.Attribute("VersionOverride") is null)
                .Select(e => (string?)e.Attribute("Include"))
                .OfType<string>()
                .Where(id => !pinned.ContainsKey(id))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            return [];
        }
    }

    /// <summary>Every version of the package the solution already resolves or names: restored projects, version overrides, other central files.</summary>
    private static IReadOnlyList<string> VersionsInUse(SolutionProjects solution, string central, string id)
    {
        var versions = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var project in solution.All)
        {
            if (PackageAssets.Of(project)?.VersionOf(id) is { } resolved)
            {
                versions.Add(resolved);
            }

            foreach (var named in Declared(project, id))
            {
                versions.Add(named);
            }
        }

        foreach (var other in SolutionProjects.FilesUnder(solution.Root, CentralPackages.FileName).Where(f => f != central))
        {
            if (CentralPackages.VersionsIn(other).TryGetValue(id, out var pinned))
            {
                versions.Add(pinned);
            }
        }

        return [.. versions];
    }

    private static IEnumerable<string> Declared(string project, string id)
    {
        try
        {
            return XDocument.Load(project).Descendants()
                .Where(e => e.Name.LocalName == "PackageReference" && string.Equals((string?)e.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase))
                .Select(e => (string?)e.Attribute("VersionOverride") ?? (string?)e.Attribute("Version"))
                .OfType<string>()
                .ToList();
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            return [];
        }
    }
}
