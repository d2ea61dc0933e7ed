using System.Diagnostics;
using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Outputs;
using CiAgent.Outputs.Delivery;
using CiAgent.Outputs.Report;
using CiAgent.Policy;
using CiAgent.Settings;
using CiAgent.Strategies;
using CiAgent.Strategies.Offline;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog;

namespace CiAgent.Healing;

/// <summary>One heal run: baseline, flakes set apart, each tier in turn, integrity check, then commit and deliver, or restore.</summary>
/// <param name="settings">The run's settings.</param>
/// <param name="tiers">The ways of healing to try, in order (the offline fixers, then the model).</param>
/// <param name="log">The run's log.</param>
/// <param name="redact">Removes secret values from every text the run stores or shows.</param>
/// <param name="environment">The process environment (delivery reads its tokens from it).</param>
/// <param name="buildLog">Receives each build's and test run's raw output with a title, for CI log groups.</param>
public sealed class HealRun(
    RunSettings settings,
    IReadOnlyList<IHealTier> tiers,
    ILogger log,
    Func<string, string>? redact = null,
    IReadOnlyDictionary<string, string?>? environment = null,
    Action<string, string>? buildLog = null)
{
    private readonly IReadOnlyDictionary<string, string?> _environment = environment ?? new Dictionary<string, string?>();
    private readonly Func<string, string> _redact = redact ?? (text => text);
    private readonly RunProgress _progress = new();
    private readonly HashSet<string> _confirmedFailures = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();

    /// <summary>Runs the heal; bad input throws <see cref="UsageException"/> before anything is touched, every later path returns a result with its report.</summary>
    public async Task<RunResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.Limits.Timeout);
        var outputs = settings.Outputs;
        var commit = settings.Delivery.Commit;
        var workspace = await RunWorkspace.OpenAsync(
            settings.Workspace, settings.Target, commit, outputs.InsideWorkspace ? outputs.Directory : null, settings.AllowDirty, log, limit.Token).ConfigureAwait(false);

        // Delivery is checked before any work too: a push that could never happen is bad input, not a late surprise.
        var delivery = await DeliveryPlan.PrepareAsync(commit, workspace.Git, name => _environment.GetValueOrDefault(name), cancellationToken: limit.Token).ConfigureAwait(false);
        var handover = new FixHandover(workspace, _progress, outputs.Directory, settings.Model.Provider, log, _redact);

        var end = await GuardedRun.ExecuteAsync(
            token => HealAsync(workspace, handover, delivery, token),
            cancellationToken,
            limit.Token,
            () => (RunStatus.NotHealed, $"The time limit of {settings.Limits.Timeout.TotalMinutes:0.#} minutes was reached. {Diagnose()}"),
            log).ConfigureAwait(false);

        return await handover.EndAsync(end.Status, _redact(end.Reason), _clock.Elapsed).ConfigureAwait(false);
    }

    private async Task<(RunStatus Status, string Reason)> HealAsync(RunWorkspace workspace, FixHandover handover, DeliveryPlan? delivery, CancellationToken cancellationToken)
    {
        // Outside the workspace, deleted when read and again here on every way out: the build's command lines stay private.
        using var baselineLog = CompilerCallLog.TryCreate(workspace.Root);
        if (baselineLog is not null)
        {
            log.Debug("Baseline compiler calls (deleted when read and at the end): {Path}", baselineLog.Path);
        }

        var verifier = new Verifier(workspace, settings.Limits.Timeout, buildLog, _progress.Timings, baselineLog);
        var flakes = new FlakeDetector(verifier, settings.Limits.FlakeReruns);
        log.Information("Baseline: building {Target}", workspace.Relative(workspace.Target));
        BuildTestVerdict baseline;
        using (_progress.Timings.During("baseline"))
        using (var warmup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // Only while the baseline runs, on an idle thread: afterwards it would compete with the fixes it prepares for. Once per
            // process: a warm host gains nothing, and in a busy one (the test suite's parallel heals) an idle thread starved of the
            // processor while holding one of the runtime's type-loading locks would hold up every thread that waits for it.
            _ = CompilerWarmup.StartOnce(workspace.Target, warmup.Token);
            try
            {
                baseline = await verifier.VerifyAsync(!settings.NoTests, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await warmup.CancelAsync().ConfigureAwait(false);
            }
        }

        _progress.Baseline = _progress.Current = baseline;
        _progress.Record(baseline);
        log.Information(
            "Baseline: {Errors}, {Failed}",
            baseline.Errors == 1 ? "1 build error" : $"{baseline.Errors} build errors",
            baseline.Tests is null ? "tests not run" : baseline.FailedTests == 1 ? "1 failing test" : $"{baseline.FailedTests} failing tests");
        if (baseline.Green)
        {
            return (RunStatus.AlreadyGreen, settings.NoTests ? "The build is already green."
                : baseline.NoTestsFound ? "The build is already green; no tests were found to run." : "The build and the tests are already green.");
        }

        // The tiers start their first steps while the failing tests are rerun; what the run does not use is called off on the way out.
        var context = new TierContext(workspace, verifier, _progress, log, !settings.NoTests);
        using var anticipation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await HealFromBaselineAsync(workspace, handover, delivery, context, baseline, flakes, anticipation.Token, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await anticipation.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<(RunStatus Status, string Reason)> HealFromBaselineAsync(
        RunWorkspace workspace, FixHandover handover, DeliveryPlan? delivery, TierContext context, BuildTestVerdict baseline, FlakeDetector flakes,
        CancellationToken anticipating, CancellationToken cancellationToken)
    {
        foreach (var tier in tiers.Where(t => t.Applies(baseline)))
        {
            tier.Anticipate(context, baseline, anticipating);
        }

        var verdict = _progress.Current = await SetFlakesApartAsync(baseline, flakes, workspace, cancellationToken).ConfigureAwait(false);
        if (verdict.Green)
        {
            return (RunStatus.Flaky, $"Every failing test passed on a rerun: {string.Join(", ", _progress.FlakyTests.Select(t => t.Name))}. Nothing was changed.");
        }

        foreach (var tier in tiers)
        {
            if (verdict.Green || !tier.Applies(verdict))
            {
                continue;
            }

            verdict = await tier.HealAsync(context, verdict, cancellationToken).ConfigureAwait(false);
            verdict = _progress.Current = await SetFlakesApartAsync(verdict, flakes, workspace, cancellationToken).ConfigureAwait(false);
        }

        if (!verdict.Green)
        {
            return (RunStatus.NotHealed, Diagnose());
        }

        var violations = await new PolicyGate(workspace, settings.Policy).CheckAsync(cancellationToken).ConfigureAwait(false);
        if (violations.Count > 0)
        {
            _progress.PolicyViolations.AddRange(violations);
            return (RunStatus.NotHealed, $"The fix breaks the test-integrity policy ({violations[0]}{(violations.Count > 1 ? $" and {violations.Count - 1} more" : "")}); it was not committed.");
        }

        var message = CommitMessage.Build(baseline, verdict, _progress.Fixes, workspace.EditedFiles, workspace.Root);
        if (await _progress.Timings.TimeAsync("delivery", () => handover.CommitAndDeliverAsync(RunStatus.Healed, settings.Delivery.Commit, message, delivery, _clock.Elapsed, cancellationToken)).ConfigureAwait(false) is { } failure)
        {
            return (RunStatus.Error, failure);
        }

        var what = _progress.Fixes.Count == 1 ? "1 fix" : $"{_progress.Fixes.Count} fixes";
        var flaky = _progress.FlakyTests.Count > 0 ? $" {_progress.FlakyTests.Count} flaky test(s) were reported, not changed." : "";
        var green = settings.NoTests ? "the harness's own build is green"
            : verdict.NoTestsFound ? "the harness's own build is green, and no tests were found to run"
            : "the harness's own build and tests are green";
        return (RunStatus.Healed, $"Healed with {what}; {green}.{flaky}");
    }

    // A failure is confirmed once: only tests failing for the first time are rerun, so a tier's remaining failures cost no reruns.
    private async Task<BuildTestVerdict> SetFlakesApartAsync(BuildTestVerdict verdict, FlakeDetector flakes, RunWorkspace workspace, CancellationToken cancellationToken)
    {
        if (verdict.Green || verdict.Tests is not { Succeeded: false } tests || (tests.Failures.Length > 0 && tests.Failures.All(f => _confirmedFailures.Contains(f.FullName))))
        {
            return verdict;
        }

        var (confirmed, flaky) = await flakes.ConfirmAsync(tests, cancellationToken).ConfigureAwait(false);
        foreach (var test in flaky.Where(f => _progress.FlakyTests.All(known => known.Name != f.FullName)))
        {
            log.Warning("Flaky test {Test}: failed, then passed on a rerun ({Message})", test.FullName, TextShape.OneLine(test.Message ?? ""));
            _progress.FlakyTests.Add(ReportBuilder.TestReports(tests with { Failures = [test] }, workspace.Root).Single());
        }

        _confirmedFailures.UnionWith(confirmed.Failures.Select(f => f.FullName));
        return verdict with { Tests = confirmed };
    }

    private string Diagnose() => Diagnosis.Describe(_progress.Current, _progress.StopReason, tiers.Any(t => t.Name == "model"));
}
