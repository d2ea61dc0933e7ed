using CiAgent.Context;
using Microsoft.CodeAnalysis;

namespace CiAgent.Strategies.Offline;

/// <summary>Proposes a ProjectReference when exactly one other project of the solution declares the missing type or namespace and referencing it makes no cycle.</summary>
internal sealed class ProjectReferenceFixer(SolutionProjects solution, Func<string, CancellationToken, Task<ProjectCompilation>> load)
{
    /// <summary>The fixer's name in reports.</summary>
    public const string FixerName = "project-reference";

    /// <summary>One proposal per project that alone declares some of the missing names.</summary>
    public async Task<IReadOnlyList<ReferenceProposal>> ProposeAsync(ProjectCompilation project, IReadOnlyList<MissingName> missing, CancellationToken ct)
    {
        var self = project.ProjectPath;
        var referenced = solution.References(self);
        var names = missing.Select(m => m.Name).Concat(missing.Select(m => m.Qualifier).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        var others = solution.All
            .Where(p => p != self && !referenced.Contains(p))
            .Select(p => (Project: p, Declarations: PublicDeclarations.OfSources(SolutionProjects.SourceFiles(p), names, ct)))
            .ToList();

        var byProject = new Dictionary<string, List<MissingName>>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in missing)
        {
            // A type outranks a namespace: `using Geometry;` is answered by any project with a Geometry.* namespace, `Circle` only by its declaration.
            var types = others.Where(o => o.Declarations.TypeAnswers(name)).Select(o => o.Project).ToList();
            var declaring = types.Count > 0 ? types : others.Where(o => o.Declarations.Answer(name)).Select(o => o.Project).ToList();
            if (declaring.Count == 1)
            {
                (byProject.TryGetValue(declaring[0], out var list) ? list : byProject[declaring[0]] = []).Add(name);
            }
            else if (types.Count > 1)
            {
                // Two projects declaring the type leave the choice to a person; a reference to either would bind the code to a guess.
                ambiguous.UnionWith(types);
            }
        }

        var proposals = new List<ReferenceProposal>();
        foreach (var (target, answered) in byProject.Where(p => !ambiguous.Contains(p.Key)))
        {
            // A reference back to a project that already depends on this one is a cycle MSBuild refuses; production code never references tests.
            if (solution.Reaches(target, self) || (SolutionProjects.IsTestProject(target) && !SolutionProjects.IsTestProject(self)))
            {
                continue;
            }

            ProjectCompilation referencedCompilation;
            try
            {
                referencedCompilation = await load(target, ct).ConfigureAwait(false);
            }
            catch (ProjectLoadException)
            {
                continue;
            }

            var have = project.Compilation.References.OfType<PortableExecutableReference>()
                .Select(r => Path.GetFileName(r.FilePath)).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            // What the referenced project compiles against flows to this one too (its packages and its own references).
            var flowing = referencedCompilation.Compilation.References.OfType<PortableExecutableReference>()
                .Where(r => r.FilePath is { } path && !have.Contains(Path.GetFileName(path)));
            var include = Path.GetRelativePath(Path.GetDirectoryName(self)!, target);
            include = Separator(self) == '\\' ? include.Replace('/', '\\') : include.Replace('\\', '/');
            var what = string.Join(", ", answered.Select(a => a.FullName).Distinct(StringComparer.Ordinal));
            proposals.Add(new ReferenceProposal(
                FixerName,
                answered[0].Error,
                $"Added a reference to {Path.GetFileName(target)} for {what}, which only that project declares",
                "ProjectReference",
                include,
                [],
                [referencedCompilation.Compilation.ToMetadataReference(), .. flowing]));
        }

        return proposals;
    }

    // Follow the file's own references; dotnet add reference writes backslashes, so that is the default.
    private static char Separator(string project)
    {
        var existing = SolutionProjects.Items(project, "ProjectReference").FirstOrDefault();
        return existing is not null && existing.Contains('/', StringComparison.Ordinal) && !existing.Contains('\\', StringComparison.Ordinal) ? '/' : '\\';
    }
}
