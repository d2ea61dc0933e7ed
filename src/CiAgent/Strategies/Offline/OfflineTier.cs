using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog;

namespace CiAgent.Strategies.Offline;

/// <summary>The first tier: deterministic Roslyn fixes per failing project, each round written, rebuilt, and kept only if it helped.</summary>
/// <param name="workspace">The run's workspace.</param>
/// <param name="verifier">The real builds.</param>
/// <param name="loader">Loads a project's compilation from the compiler's own arguments.</param>
/// <param name="log">The run's log.</param>
/// <param name="onRound">Called with the workspace's state after each round.</param>
/// <param name="timings">Where diagnosis time is counted.</param>
/// <param name="compilations">Keeps the compilations that agree with the real build, for checking later edits in memory.</param>
public sealed partial class OfflineTier(
    RunWorkspace workspace, Verifier verifier, ProjectCompilationLoader loader, ILogger log, Action<BuildResult>? onRound = null, RunTimings? timings = null, CompilationCache? compilations = null)
{
    /// <summary>How many fix-and-rebuild rounds to try: enough for a fix in a library to reveal, then fix, its callers.</summary>
    public const int MaxRounds = 4;

    /// <summary>Runs rounds until the build is green, a round makes no progress, or the round cap is reached; a green result is always a whole build of the target.</summary>
    public async Task<(BuildResult Build, IReadOnlyList<FixReport> Fixes, int Rounds)> RunAsync(BuildResult baseline, CancellationToken cancellationToken)
    {
        var current = baseline;
        var accepted = new List<FixReport>();
        var rounds = 0;
        var engine = new DependencyFixEngine(workspace, loader, timings);
        while (rounds < MaxRounds && !current.Succeeded)
        {
            var projects = current.Errors
                .Where(e => e.Code.StartsWith("CS", StringComparison.Ordinal) && e.Project is not null && e.Project.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                .Select(e => e.Project!)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var originals = new Dictionary<string, TextFile>(StringComparer.Ordinal);
            var proposed = new List<FixReport>();
            IReadOnlyList<ProjectOutcome> outcomes = [];
            BuildResult? rebuilt = null;
            // A restore error stops the build before any compiler runs, so a round without compile errors is one of restore fixes.
            var restoring = projects.Count == 0;
            if (restoring)
            {
                proposed.AddRange(new PackageVersionFixer(workspace, log).Apply(current, originals));
            }
            else
            {
                (outcomes, rebuilt) = await CompileRoundAsync(current, projects, engine, originals, proposed, rounds + 1, cancellationToken).ConfigureAwait(false);
                Remember(current, outcomes);
            }

            if (proposed.Count == 0)
            {
                break;
            }

            rounds++;
            rebuilt ??= await RebuildAsync(current, originals.Keys, restoring || LikelyGreen(current, projects, outcomes), cancellationToken).ConfigureAwait(false);
            onRound?.Invoke(rebuilt);
            var edited = projects.Union(outcomes.Where(o => o.Outcome.Changed).Select(o => o.Project), StringComparer.Ordinal).ToList();
            if (restoring ? !PackageVersionFixer.MadeProgress(current, rebuilt) : !MadeProgress(current, rebuilt, edited))
            {
                log.Information("Offline round {Round} did not reduce the errors of the projects it edited; undoing it", rounds);
                foreach (var original in originals.Values)
                {
                    original.Save();
                    workspace.Forget(original.Path);
                }

                break;
            }

            log.Information(
                "Offline round {Round}: {Fixes}, build errors {Before} → {After} ({ByProject})",
                rounds, Plural(proposed.Count, "fix", "fixes"), current.Errors.Count, rebuilt.Errors.Count, ByProject(current, rebuilt, projects, outcomes));
            accepted.AddRange(proposed);
            current = rebuilt;
        }

        return (current, accepted, rounds);
    }

    // A round whose fixes make every failing project compile, where every error was in those projects, should end green: its whole build is then the verdict.
    private static bool LikelyGreen(BuildResult current, IReadOnlyList<string> projects, IReadOnlyList<ProjectOutcome> outcomes) =>
        outcomes.All(o => o.Outcome.ErrorsAfter.Count == 0) && current.Errors.All(e => e.Project is not null && projects.Contains(e.Project));

    // A round expected to end green is checked by a whole build at once, which is then the verdict; any other round builds only
    // the edited projects and their dependants, and once that scoped state is green the verdict is a whole build, unless the
    // verifier can vouch for the other projects from the last whole build (nothing linked across project folders).
    private async Task<BuildResult> RebuildAsync(BuildResult current, IEnumerable<string> editedFiles, bool likelyGreen, CancellationToken cancellationToken)
    {
        if (likelyGreen)
        {
            return await verifier.BuildAsync(cancellationToken).ConfigureAwait(false);
        }

        var scoped = await verifier.BuildAffectedAsync([.. editedFiles.Select(workspace.Relative)], cancellationToken).ConfigureAwait(false);
        log.Information("Offline round rebuilt {Scope}: {Why}", scoped.Whole ? "the whole target" : string.Join(", ", scoped.Projects.Select(workspace.Relative)), scoped.Why);
        var state = scoped.Over(current);
        return state.Succeeded && !scoped.Whole ? await verifier.BuildUnlessUnchangedAsync(cancellationToken).ConfigureAwait(false) : state;
    }

    // Kept only when memory saw exactly the errors the real compiler reported: a compilation missing a reference that was never
    // built, or one compiled against another project's in-memory fixes, must not answer for the build later.
    private void Remember(BuildResult current, IReadOnlyList<ProjectOutcome> outcomes)
    {
        static string Key(string? file, int line, string code) => $"{file}:{line}:{code}";
        foreach (var (project, hiddenBehind, outcome, analyzers) in outcomes)
        {
            var real = current.Errors.Where(e => e.Project == project && e.Code.StartsWith("CS", StringComparison.Ordinal)).Select(e => Key(e.File, e.Line, e.Code)).ToHashSet(StringComparer.Ordinal);
            var memory = outcome.ErrorsBefore.Select(d => Key(d.Location.GetLineSpan().Path, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id)).ToHashSet(StringComparer.Ordinal);
            if (hiddenBehind is null && real.SetEquals(memory))
            {
                // Memory vouches for a clean edit only where the build's errors were all the compiler's, which memory was just seen to match.
                var onlyCompilerErrors = current.Errors.Where(e => e.Project == project).All(e => e.Code.StartsWith("CS", StringComparison.Ordinal));
                if (outcome.WholeCompilation)
                {
                    compilations?.Keep(project, outcome.Compilation, onlyCompilerErrors ? analyzers : null);
                }
                else if (ReportedFiles(current, project) is { } reported)
                {
                    // Memory matched the build in the files the build named; that it shows no error elsewhere is checked if the model tier asks.
                    compilations?.KeepUnchecked(project, outcome.Compilation, onlyCompilerErrors ? analyzers : null, kept =>
                        OfflineFixEngine.ErrorsOf(kept, CancellationToken.None).All(e => e.Location.SourceTree is { } tree && reported.Contains(tree.FilePath)));
                }
            }
            else
            {
                compilations?.Forget(project);
            }
        }
    }

    // The files a project's compiler errors were reported in, or null when one has no file (then the whole compilation is asked).
    private static IReadOnlySet<string>? ReportedFiles(BuildResult build, string project)
    {
        var errors = build.Errors.Where(e => e.Project == project && e.Code.StartsWith("CS", StringComparison.Ordinal)).ToList();
        return errors.Count == 0 || errors.Any(e => e.File is null || !Path.IsPathRooted(e.File))
            ? null
            : errors.Select(e => e.File!).ToHashSet(StringComparer.Ordinal);
    }

    private Task<ProjectCompilation?> LoadAsync(string project, CancellationToken cancellationToken) => LoadAsync(project, timed: true, cancellationToken);

    // A hidden dependant is loaded beside the round's build, whose time is already counted: counting both would add up to more than the run took.
    private Task<ProjectCompilation?> LoadBesideBuildAsync(string project, CancellationToken cancellationToken) => LoadAsync(project, timed: false, cancellationToken);

    private async Task<ProjectCompilation?> LoadAsync(string project, bool timed, CancellationToken cancellationToken)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var loaded = timings is null || !timed
                ? await loader.LoadAsync(project, cancellationToken).ConfigureAwait(false)
                : await timings.TimeAsync("diagnosis", () => loader.LoadAsync(project, cancellationToken)).ConfigureAwait(false);
            log.Debug("Offline tier loaded {Project} in {Seconds:0.00} s", workspace.Relative(project), clock.Elapsed.TotalSeconds);
            return loaded;
        }
        catch (ProjectLoadException e)
        {
            log.Warning("Offline tier skips {Project}: {Reason}", workspace.Relative(project), e.Message.Replace(project, workspace.Relative(project), StringComparison.Ordinal));
            return null;
        }
    }

    private IReadOnlyList<FixReport> Report(ProjectOutcome project)
    {
        var outcome = project.Outcome;
        if (outcome.Accepted.Count == 0 && outcome.ErrorsBefore.Count == 0 && project.HiddenBehind is null)
        {
            // The build failed this project but its compilation in memory does not: worth saying, since nothing here can help then.
            log.Information("Offline tier found no fix for {Project}: its in-memory compilation shows none of the build's errors", workspace.Relative(project.Project));
        }
        else if (outcome.Accepted.Count == 0 && outcome.ErrorsBefore.Count > 0)
        {
            log.Information(
                "Offline tier found no fix for {Project}: {Errors} in memory, first {First}",
                workspace.Relative(project.Project), Plural(outcome.ErrorsBefore.Count, "compiler error", "compiler errors"), Describe(outcome.ErrorsBefore[0]));
        }

        return [.. outcome.Accepted.Select(fix =>
        {
            log.Information("{File}({Line}): {Code} fixed offline: {Description}", workspace.Relative(fix.FilePath), fix.Line, fix.Code, fix.Description);
            return new FixReport("offline", fix.FixerName, fix.Code, workspace.Relative(fix.FilePath), fix.Line, fix.Description);
        })];
    }

    private void Write(OfflineFixOutcome outcome, Dictionary<string, TextFile> originals)
    {
        foreach (var (path, text) in outcome.ChangedFiles)
        {
            var file = TextFile.Read(path);
            originals.TryAdd(path, file);
            workspace.Write(file.WithText(text));
        }
    }

    // Per project, so that "1 → 79" reads as one error fixed in a library and 79 uses elsewhere that its failure had hidden.
    private static string ByProject(BuildResult before, BuildResult after, IReadOnlyList<string> failing, IReadOnlyList<ProjectOutcome> outcomes)
    {
        int CountIn(BuildResult build, string project) => build.Errors.Count(e => e.Project == project);
        string Name(string project) => Path.GetFileNameWithoutExtension(project);
        var parts = new List<string>();
        foreach (var project in failing)
        {
            parts.Add($"{Name(project)} {CountIn(before, project)} → {CountIn(after, project)}");
        }

        // A hidden project's count before is what its compilation showed in memory once the project it waited for was fixed.
        foreach (var hidden in outcomes.Where(o => o.HiddenBehind is not null && (o.Outcome.ErrorsBefore.Count > 0 || CountIn(after, o.Project) > 0)))
        {
            parts.Add($"{Name(hidden.Project)} {hidden.Outcome.ErrorsBefore.Count} → {CountIn(after, hidden.Project)}, hidden until {Name(hidden.HiddenBehind!)} compiled");
        }

        var surfaced = after.Errors.Select(e => e.Project).OfType<string>().Distinct(StringComparer.Ordinal)
            .Where(p => !failing.Contains(p, StringComparer.Ordinal) && outcomes.All(o => o.Project != p));
        foreach (var project in surfaced)
        {
            parts.Add($"{Name(project)} hidden → {CountIn(after, project)}");
        }

        return string.Join("; ", parts);
    }

    private string Describe(Microsoft.CodeAnalysis.Diagnostic error)
    {
        var span = error.Location.GetLineSpan();
        var where = error.Location.IsInSource ? $"{workspace.Relative(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : "";
        return $"{where}{error.Id}: {TextShape.OneLine(error.GetMessage(System.Globalization.CultureInfo.InvariantCulture))}";
    }

    private static string Plural(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";

    // A fix in a library can surface errors in projects that could not compile before, so progress is judged on the edited projects.
    private static bool MadeProgress(BuildResult before, BuildResult after, IReadOnlyList<string> editedProjects)
    {
        int CountIn(BuildResult build) => build.Errors.Count(e => e.Project is not null && editedProjects.Contains(e.Project));
        return after.Succeeded || CountIn(after) < CountIn(before);
    }
}
