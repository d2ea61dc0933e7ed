using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Strategies.Offline;

/// <content>A round of compiler-error fixes: the failing projects in memory, then their hidden dependants beside the round's build.</content>
public sealed partial class OfflineTier
{
    // Fixes the failing projects in memory and writes their fixes. When that uncovers dependants the build never compiled, the round's
    // build starts at once and they are checked in memory beside it, unless the fixes put back what the breakage's files declared:
    // their MSBuild queries and compilations cost seconds per project, and most often find nothing to fix. Returns the round's
    // outcomes, and its build when it already ran.
    private async Task<(IReadOnlyList<ProjectOutcome> Outcomes, BuildResult? Rebuilt)> CompileRoundAsync(
        BuildResult current, IReadOnlyList<string> projects, DependencyFixEngine engine, Dictionary<string, TextFile> originals, List<FixReport> proposed, int round,
        CancellationToken cancellationToken)
    {
        var graph = ProjectGraph.Read(workspace.Target);
        var hidden = graph.WithDependants(projects).Where(p => !projects.Contains(p, StringComparer.Ordinal)).ToHashSet(StringComparer.Ordinal);

        // A dependant holding a file the breakage changed likely has errors of its own: checked before the build starts, its fixes
        // need no second build. The projects it references come with it, so it is checked against their fixes.
        var changedOwners = (await engine.History.ChangedPathsAsync(cancellationToken).ConfigureAwait(false)).Select(graph.Owner).OfType<string>().ToHashSet(StringComparer.Ordinal);
        bool CheckedEarly(string project) => changedOwners.Any(owner => owner == project || graph.DependsOn(owner, project));
        var checkedLate = graph.Order.Where(p => hidden.Contains(p) && !CheckedEarly(p)).ToList();

        // The hidden projects were not compiled, so their command lines come from MSBuild. Those checked before the build are asked
        // for while the failing projects are fixed in memory; the others only once a check beside the build needs them, since an
        // MSBuild process beside the fixes slowed Stateless's first fix after its build from 0.9 s to 1.4 s.
        using var prefetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        loader.Prefetch(graph.Order.Where(p => hidden.Contains(p) && CheckedEarly(p)), prefetch.Token);
        var pass = new CrossProjectPass(LoadAsync, graph, (loaded, ct) => engine.RunAsync(loaded, ReportedFiles(current, loaded.ProjectPath), ct), LoadBesideBuildAsync,
            (project, why) => log.Debug("Offline tier leaves {Project} to the build: {Why}", workspace.Relative(project), why));

        // Each failing project's fixes are logged as soon as they are found: they are the diagnosis.
        var failing = await pass.FixFailingAsync(projects, outcome => proposed.AddRange(Report(outcome)), cancellationToken).ConfigureAwait(false);
        foreach (var outcome in failing)
        {
            Write(outcome.Outcome, originals);
        }

        IReadOnlyList<ProjectOutcome> outcomes = failing;
        BuildResult? rebuilt = null;
        if (pass.HasUncheckedDependants && changedOwners.Count > 0)
        {
            var early = await pass.FixHiddenAsync(CheckedEarly, cancellationToken).ConfigureAwait(false);
            foreach (var outcome in early)
            {
                proposed.AddRange(Report(outcome));
                Write(outcome.Outcome, originals);
            }

            outcomes = [.. failing, .. early];
            if (early.Count > 0)
            {
                log.Debug("Offline round {Round}: checked {Projects} before its build, as the breakage changed files there", round, string.Join(", ", early.Select(o => workspace.Relative(o.Project))));
            }
        }

        if (pass.HasUncheckedDependants
            && await engine.History.ChangedDeclarationsAsync(originals.ToDictionary(o => o.Key, o => o.Value.Text), cancellationToken).ConfigureAwait(false) is { } changed
            && !SourceMentions.AnyIn(checkedLate, changed, cancellationToken))
        {
            // The check beside the build took the build's processors: 47 s for Ardalis.Result's build after a brace was put back
            // became 69 s beside it, only to find nothing. Dependants that bind against what they did before the breakage, as far as
            // the names they spell tell, are left to the build; one that a name missed costs a second round, never a wrong verdict.
            log.Debug(
                changed.Count == 0
                    ? "Offline round {Round}: what the breakage's files declare for other projects is as it was before it, so the projects behind them are left to the build"
                    : "Offline round {Round}: no project behind the fixed ones spells what the breakage's files now declare differently ({Names}), so they are left to the build",
                round,
                string.Join(", ", changed.Order(StringComparer.Ordinal)));
        }
        else if (pass.HasUncheckedDependants)
        {
            loader.Prefetch(checkedLate, prefetch.Token);
            (var found, rebuilt) = await BuildBesideHiddenCheckAsync(current, projects, pass, outcomes, originals, proposed, round, cancellationToken).ConfigureAwait(false);
            outcomes = [.. outcomes, .. found];
        }

        await prefetch.CancelAsync().ConfigureAwait(false);
        log.Debug("Offline round {Round}: checked {Projects} in memory", round, string.Join(", ", outcomes.Select(o => workspace.Relative(o.Project))));
        return (outcomes, rebuilt);
    }

    // Whichever ends first decides: a green build needs no check; a check that finds fixes calls off a build still running, writes
    // them and builds again; a build that failed first waits for the check, and its fixes are built on top of it.
    private async Task<(IReadOnlyList<ProjectOutcome> Found, BuildResult Rebuilt)> BuildBesideHiddenCheckAsync(
        BuildResult current, IReadOnlyList<string> projects, CrossProjectPass pass, IReadOnlyList<ProjectOutcome> checkedSoFar, Dictionary<string, TextFile> originals,
        List<FixReport> proposed, int round, CancellationToken cancellationToken)
    {
        using var stopBuild = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopCheck = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var build = RebuildAsync(current, [.. originals.Keys], LikelyGreen(current, projects, checkedSoFar), stopBuild.Token);
        var check = pass.FixHiddenAsync(stopCheck.Token);
        try
        {
            if (await Task.WhenAny(build, check).ConfigureAwait(false) == build && (await build.ConfigureAwait(false)).Succeeded)
            {
                log.Debug("Offline round {Round}: the build is green, so its hidden dependants need no check", round);
                await stopCheck.CancelAsync().ConfigureAwait(false);
                await SettleAsync(check).ConfigureAwait(false);
                return ([], await build.ConfigureAwait(false));
            }

            var found = await check.ConfigureAwait(false);
            var fixing = found.Where(o => o.Outcome.Changed).ToList();
            foreach (var outcome in found)
            {
                proposed.AddRange(Report(outcome));
            }

            if (fixing.Count == 0)
            {
                return (found, await build.ConfigureAwait(false));
            }

            BuildResult? finished = null;
            if (build.IsCompleted)
            {
                finished = await build.ConfigureAwait(false);
            }
            else
            {
                log.Debug("Offline round {Round}: calling off its build to write the fixes found in hidden dependants", round);
                await stopBuild.CancelAsync().ConfigureAwait(false);
                await SettleAsync(build).ConfigureAwait(false);
            }

            foreach (var outcome in fixing)
            {
                Write(outcome.Outcome, originals);
            }

            // A finished build saw the failing projects' fixes: only what the hidden ones' fixes reach needs building on top of it.
            return (found, finished is null
                ? await RebuildAsync(current, originals.Keys, LikelyGreen(current, projects, [.. checkedSoFar, .. found]), cancellationToken).ConfigureAwait(false)
                : await RebuildAsync(finished, fixing.SelectMany(o => o.Outcome.ChangedFiles.Keys), likelyGreen: false, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            // Neither may outlive the round: a build still writing, or a check still reporting, would race what comes next.
            await stopBuild.CancelAsync().ConfigureAwait(false);
            await stopCheck.CancelAsync().ConfigureAwait(false);
            await SettleAsync(build).ConfigureAwait(false);
            await SettleAsync(check).ConfigureAwait(false);
        }
    }

    // Waits for work that was called off or has failed; its outcome is either already used or no longer wanted.
    private static async Task SettleAsync(Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
