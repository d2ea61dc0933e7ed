using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog;

namespace CiAgent.Strategies.Offline;

/// <summary>The first tier: deterministic Roslyn fixes per failing project, each round written, rebuilt, and kept only if it helped.</summary>
public sealed class OfflineTier(RunWorkspace workspace, Verifier verifier, ProjectCompilationLoader loader, ILogger log, Action<BuildResult>? onRound = null, RunTimings? timings = null)
{
    /// <summary>How many fix-and-rebuild rounds to try: enough for a fix in a library to reveal, then fix, its callers.</summary>
    public const int MaxRounds = 4;

    /// <summary>Runs rounds until the build is green, a round makes no progress, or the round cap is reached.</summary>
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
            var originals = new Dictionary<string, TextFile>(StringComparer.Ordinal);
            var proposed = new List<FixReport>();
            // A restore error stops the build before any compiler runs, so a round without compile errors is one of restore fixes.
            var restoring = projects.Count == 0;
            if (restoring)
            {
                proposed.AddRange(new PackageVersionFixer(workspace, log).Apply(current, originals));
            }

            foreach (var project in projects)
            {
                proposed.AddRange(await FixProjectAsync(project, originals, cancellationToken).ConfigureAwait(false));
            }

            if (proposed.Count == 0)
            {
                break;
            }

            rounds++;
            var rebuilt = await verifier.BuildAsync(cancellationToken).ConfigureAwait(false);
            onRound?.Invoke(rebuilt);
            if (restoring ? !PackageVersionFixer.MadeProgress(current, rebuilt) : !MadeProgress(current, rebuilt, projects))
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

    private async Task<IReadOnlyList<FixReport>> FixProjectAsync(string project, Dictionary<string, TextFile> originals, CancellationToken cancellationToken)
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
            return [];
        }

        var outcome = await new DependencyFixEngine(workspace, loader, timings).RunAsync(compilation, cancellationToken).ConfigureAwait(false);
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

        return [.. outcome.Accepted.Select(fix =>
        {
            log.Information("{File}({Line}): {Code} fixed offline: {Description}", workspace.Relative(fix.FilePath), fix.Line, fix.Code, fix.Description);
            return new FixReport("offline", fix.FixerName, fix.Code, workspace.Relative(fix.FilePath), fix.Line, fix.Description);
        })];
    }

    // A fix in a library can surface errors in projects that could not compile before, so progress is judged on the edited projects.
    private static bool MadeProgress(BuildResult before, BuildResult after, IReadOnlyList<string> editedProjects)
    {
        int CountIn(BuildResult build) => build.Errors.Count(e => e.Project is not null && editedProjects.Contains(e.Project));
        return after.Succeeded || CountIn(after) < CountIn(before);
    }
}
