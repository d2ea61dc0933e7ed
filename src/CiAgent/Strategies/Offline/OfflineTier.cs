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
public sealed class OfflineTier(
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
        while (rounds < MaxRounds && !current.Succeeded)
        {
            var projects = current.Errors
                .Where(e => e.Code.StartsWith("CS", StringComparison.Ordinal) && e.Project is not null && e.Project.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                .Select(e => e.Project!)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (projects.Count == 0)
            {
                break;
            }

            var originals = new Dictionary<string, TextFile>(StringComparer.Ordinal);
            var proposed = new List<FixReport>();
            var cleanInMemory = true;
            foreach (var project in projects)
            {
                var (fixes, errorsLeft) = await FixProjectAsync(project, current, originals, cancellationToken).ConfigureAwait(false);
                proposed.AddRange(fixes);
                cleanInMemory &= errorsLeft == 0;
            }

            if (proposed.Count == 0)
            {
                break;
            }

            rounds++;
            var rebuilt = await RebuildAsync(current, originals.Keys, likelyGreen: cleanInMemory && current.Errors.All(e => e.Project is not null && projects.Contains(e.Project)), cancellationToken).ConfigureAwait(false);
            onRound?.Invoke(rebuilt);
            if (!MadeProgress(current, rebuilt, projects))
            {
                log.Information("Offline round {Round} did not reduce the errors of the projects it edited; undoing it", rounds);
                foreach (var original in originals.Values)
                {
                    original.Save();
                    workspace.Forget(original.Path);
                }

                break;
            }

            log.Information("Offline round {Round}: {Fixes}, errors {Before} → {After}", rounds, proposed.Count == 1 ? "1 fix" : $"{proposed.Count} fixes", current.Errors.Count, rebuilt.Errors.Count);
            accepted.AddRange(proposed);
            current = rebuilt;
        }

        return (current, accepted, rounds);
    }

    // A round expected to end green is checked by a whole build at once, which is then the verdict; any other round builds only
    // the edited projects and their dependants, and a whole build follows only once that scoped state is green.
    private async Task<BuildResult> RebuildAsync(BuildResult current, IEnumerable<string> editedFiles, bool likelyGreen, CancellationToken cancellationToken)
    {
        if (likelyGreen)
        {
            return await verifier.BuildAsync(cancellationToken).ConfigureAwait(false);
        }

        var scoped = await verifier.BuildAffectedAsync([.. editedFiles.Select(workspace.Relative)], cancellationToken).ConfigureAwait(false);
        log.Information("Offline round rebuilt {Scope}: {Why}", scoped.Whole ? "the whole target" : string.Join(", ", scoped.Projects.Select(workspace.Relative)), scoped.Why);
        var state = scoped.Over(current);
        return state.Succeeded && !scoped.Whole ? await verifier.BuildAsync(cancellationToken).ConfigureAwait(false) : state;
    }

    private async Task<(IReadOnlyList<FixReport> Fixes, int ErrorsLeft)> FixProjectAsync(string project, BuildResult current, Dictionary<string, TextFile> originals, CancellationToken cancellationToken)
    {
        ProjectCompilation compilation;
        try
        {
            compilation = timings is null
                ? await loader.LoadAsync(project, cancellationToken).ConfigureAwait(false)
                : await timings.TimeAsync("diagnosis", () => loader.LoadAsync(project, cancellationToken)).ConfigureAwait(false);
        }
        catch (ProjectLoadException e)
        {
            log.Warning("Offline tier skips {Project}: {Reason}", workspace.Relative(project), e.Message);
            return ([], -1);
        }

        var outcome = OfflineFixEngine.CreateDefault().Run(compilation.Compilation, cancellationToken);
        Remember(project, current, outcome);
        if (outcome.Accepted.Count == 0)
        {
            log.Information(
                "Offline tier found no fix for {Project}: {Errors} compiler errors in memory, first {First}",
                workspace.Relative(project), outcome.ErrorsBefore.Count, outcome.ErrorsBefore.FirstOrDefault()?.ToString() ?? "none");
        }

        foreach (var (path, text) in outcome.ChangedFiles)
        {
            var file = TextFile.Read(path);
            originals.TryAdd(path, file);
            workspace.Write(file.WithText(text));
        }

        return ([.. outcome.Accepted.Select(fix =>
        {
            log.Information("{File}({Line}): {Code} fixed offline: {Description}", workspace.Relative(fix.FilePath), fix.Line, fix.Code, fix.Description);
            return new FixReport("offline", fix.FixerName, fix.Code, workspace.Relative(fix.FilePath), fix.Line, fix.Description);
        })], outcome.ErrorsAfter.Count);
    }

    // Kept only when memory saw exactly the errors the real compiler reported: a compilation missing a reference that was never
    // built (behind a failed dependency) would report errors the build does not have, and must not answer for it later.
    private void Remember(string project, BuildResult current, OfflineFixOutcome outcome)
    {
        static string Key(string? file, int line, string code) => $"{file}:{line}:{code}";
        var real = current.Errors.Where(e => e.Project == project && e.Code.StartsWith("CS", StringComparison.Ordinal)).Select(e => Key(e.File, e.Line, e.Code)).ToHashSet(StringComparer.Ordinal);
        var memory = outcome.ErrorsBefore.Select(d => Key(d.Location.GetLineSpan().Path, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id)).ToHashSet(StringComparer.Ordinal);
        if (real.SetEquals(memory))
        {
            compilations?.Keep(project, outcome.Compilation);
        }
        else
        {
            compilations?.Forget(project);
        }
    }

    // A fix in a library can surface errors in projects that could not compile before, so progress is judged on the edited projects.
    private static bool MadeProgress(BuildResult before, BuildResult after, IReadOnlyList<string> editedProjects)
    {
        int CountIn(BuildResult build) => build.Errors.Count(e => e.Project is not null && editedProjects.Contains(e.Project));
        return after.Succeeded || CountIn(after) < CountIn(before);
    }
}
