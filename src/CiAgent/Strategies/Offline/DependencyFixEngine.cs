using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>Runs the source fixers on a project, then adds the project or package references its siblings show it lacks, each checked in memory with what the reference brings.</summary>
/// <param name="workspace">The run's workspace, whose target lists the solution's projects.</param>
/// <param name="loader">Loads the compilation of a project to reference, for the in-memory check.</param>
/// <param name="timings">Where loading that compilation is counted (as diagnosis), when the run keeps timings.</param>
public sealed class DependencyFixEngine(RunWorkspace workspace, ProjectCompilationLoader loader, RunTimings? timings = null)
{
    // One for the engine's life, so a file's history is read from git once however many projects and rounds need it.
    private readonly RenameHistory _history = new(workspace);

    /// <summary>What git says the run's breakage changed, read once for the engine's life.</summary>
    internal RenameHistory History => _history;

    /// <summary>Fixes what it can in memory; the outcome's changed files may include the project file, whose edit needs a restore before the real build.</summary>
    public Task<OfflineFixOutcome> RunAsync(ProjectCompilation project, CancellationToken ct) => RunAsync(project, null, ct);

    /// <summary>
    /// Fixes what it can in memory, binding at first only the files the real build reported errors in, when it names them: a large
    /// project's other files need not be bound to fix them. The outcome then says it was not judged on the whole compilation.
    /// </summary>
    public async Task<OfflineFixOutcome> RunAsync(ProjectCompilation project, IReadOnlySet<string>? reportedFiles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(project);
        var (errorsBefore, scope) = KnownBefore(project.Compilation, reportedFiles, ct);
        var renames = await _history.ReadAsync(project.Compilation, errorsBefore, ct).ConfigureAwait(false);
        var fixes = OfflineFixEngine.CreateDefault(renames);
        var outcome = fixes.Run(project.Compilation, errorsBefore, scope, ct);
        var missing = MissingName.In(outcome.ErrorsAfter, ct);
        if (missing.Count == 0 || !File.Exists(project.ProjectPath))
        {
            return outcome;
        }

        var solution = new SolutionProjects(workspace.Root, workspace.Target);
        IReadOnlyList<ReferenceProposal> proposals =
        [
            .. await new ProjectReferenceFixer(solution, Load).ProposeAsync(project, missing, ct).ConfigureAwait(false),
            .. new PackageReferenceFixer(solution).Propose(project, missing),
        ];

        var projectFile = TextFile.Read(project.ProjectPath);
        var projectText = projectFile.Text;
        // A reference changes what every file binds against, so its effect is judged on the whole compilation.
        var (compilation, errors) = (outcome.Compilation, outcome.WholeCompilation ? outcome.ErrorsAfter : OfflineFixEngine.ErrorsOf(outcome.Compilation, ct));
        var accepted = outcome.Accepted.ToList();
        var changed = new SortedDictionary<string, string>(outcome.ChangedFiles.ToDictionary(), StringComparer.Ordinal);
        foreach (var proposal in proposals)
        {
            var text = ProjectFileText.AddItem(projectText, projectFile.NewLine, proposal.ItemType, proposal.Include, proposal.Attributes);
            if (text is null)
            {
                continue;
            }

            // With the reference in place the name may still need its using: the source fixers run again, and the pair is judged together.
            var then = fixes.Run(compilation.AddReferences(proposal.References), ct);
            if (!ProgressRule.IsProgress(errors, then.ErrorsAfter))
            {
                continue;
            }

            (projectText, compilation, errors) = (text, then.Compilation, then.ErrorsAfter);
            var site = proposal.Error.Location;
            accepted.Add(new OfflineFix(
                proposal.FixerName,
                proposal.Error.Id,
                site.SourceTree!.FilePath,
                site.GetLineSpan().StartLinePosition.Line + 1,
                proposal.Description,
                new Dictionary<string, string>(StringComparer.Ordinal) { [project.ProjectPath] = text }));
            accepted.AddRange(then.Accepted);
            foreach (var (path, newText) in then.ChangedFiles)
            {
                changed[path] = newText;
            }

            changed[project.ProjectPath] = text;
        }

        return new OfflineFixOutcome(accepted, changed, compilation, outcome.ErrorsBefore, errors) { WholeCompilation = outcome.WholeCompilation };
    }

    // A compiler that meets a parse error binds nothing, so parse errors are all a build could report: fixes are judged against
    // them first, and the engine binds files only for a proposal those cannot judge. Without any, the files the build named will do.
    private static (IReadOnlyList<Diagnostic> Errors, ErrorScope Scope) KnownBefore(CSharpCompilation compilation, IReadOnlySet<string>? reportedFiles, CancellationToken ct)
    {
        if (OfflineFixEngine.ParseErrorsOf(compilation, ct) is { Count: > 0 } parse)
        {
            return (parse, ErrorScope.Parse);
        }

        return reportedFiles is { Count: > 0 } && reportedFiles.All(file => compilation.SyntaxTrees.Any(t => t.FilePath == file))
            ? (OfflineFixEngine.ErrorsIn(compilation, reportedFiles, ct), ErrorScope.Files)
            : (OfflineFixEngine.ErrorsOf(compilation, ct), ErrorScope.Whole);
    }

    private Task<ProjectCompilation> Load(string project, CancellationToken ct) =>
        timings is null ? loader.LoadAsync(project, ct) : timings.TimeAsync("diagnosis", () => loader.LoadAsync(project, ct));
}
