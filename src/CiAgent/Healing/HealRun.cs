using System.Diagnostics;
using CiAgent.Context;
using CiAgent.Delivery;
using CiAgent.Models;
using CiAgent.Models.Middleware;
using CiAgent.Reporting;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Offline;
using CiAgent.Verification;
using Microsoft.Extensions.AI;
using Serilog;

namespace CiAgent.Healing;

/// <summary>The result of a heal: the report, the exit code it maps to, and the fix as a diff.</summary>
public sealed record HealResult(RunReport Report, int ExitCode, string? Diff = null);

/// <summary>One heal run: baseline, flakes set apart, offline tier, model tier, integrity check, then commit and deliver, or restore.</summary>
public sealed class HealRun(
    HealOptions options,
    IChatClient? chat,
    ILogger log,
    Func<string, string>? redact = null,
    IReadOnlyDictionary<string, string?>? environment = null,
    Action<string, string>? buildLog = null)
{
    private readonly IReadOnlyDictionary<string, string?> _environment = environment ?? new Dictionary<string, string?>();
    private readonly Func<string, string> _redact = redact ?? (text => text);
    private readonly RunProgress _progress = new();
    private readonly Stopwatch _clock = new();
    private DeliveryPlan? _delivery;
    private IReadOnlyDictionary<string, byte[]>? _bestFiles;
    private string? _stopReason;

    /// <summary>Runs the heal; bad input throws <see cref="UsageException"/> before anything is touched, every later path returns a report.</summary>
    public async Task<HealResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        var workspace = await HealWorkspace.OpenAsync(options, log, limit.Token).ConfigureAwait(false);

        // Delivery is checked before any work too: a push that could never happen is bad input, not a late surprise.
        _delivery = await DeliveryPlan.PrepareAsync(options.Commit, workspace.Git, name => _environment.GetValueOrDefault(name), cancellationToken: limit.Token).ConfigureAwait(false);
        var handover = new FixHandover(options, workspace, _progress, log, _redact);

        (string Status, string Reason) end;
        try
        {
            end = await HealAsync(workspace, handover, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            end = (RunStatus.NotHealed, $"The time limit of {options.Timeout.TotalMinutes:0.#} minutes was reached. {Diagnose()}");
        }
        catch (OperationCanceledException)
        {
            end = (RunStatus.Error, "cancelled");
        }
        catch (ModelCallException e)
        {
            end = (RunStatus.Error, e.Message);
        }
        catch (Exception e) when (e is not UsageException)
        {
            log.Error(e, "The run failed");
            end = (RunStatus.Error, $"{e.GetType().Name}: {e.Message}");
        }

        if (RunStatus.Succeeded(end.Status))
        {
            _progress.ChangedFiles = [.. workspace.EditedFiles.Order(StringComparer.Ordinal)];
        }
        else
        {
            await handover.KeepPartialPatchAsync(_bestFiles).ConfigureAwait(false);
            await handover.RestoreAsync().ConfigureAwait(false);
        }

        var report = ReportBuilder.Build(end.Status, _redact(end.Reason), _progress, options, workspace.Root, workspace.Target, _clock.Elapsed);
        return new HealResult(report, RunStatus.ExitCode(end.Status), _progress.Diff);
    }

    private async Task<(string Status, string Reason)> HealAsync(HealWorkspace workspace, FixHandover handover, CancellationToken cancellationToken)
    {
        var verifier = new Verifier(workspace, options.Timeout, buildLog);
        var flakes = new FlakeDetector(verifier, options.FlakeReruns);
        log.Information("Baseline: building {Target}", workspace.Relative(workspace.Target));
        var baseline = await verifier.VerifyAsync(!options.NoTests, cancellationToken).ConfigureAwait(false);
        _progress.Baseline = _progress.Current = baseline;
        _progress.Record(baseline);
        log.Information("Baseline: {Errors} build errors, {Failed} failing tests", baseline.Errors, baseline.Tests is null ? "no" : baseline.FailedTests);
        if (baseline.Green)
        {
            return (RunStatus.AlreadyGreen, options.NoTests ? "The build is already green." : "The build and the tests are already green.");
        }

        var state = _progress.Current = await SetFlakesApartAsync(baseline, flakes, cancellationToken).ConfigureAwait(false);
        if (state.Green)
        {
            return (RunStatus.Flaky, $"Every failing test passed on a rerun: {string.Join(", ", _progress.FlakyTests.Select(t => t.Name))}. Nothing was changed.");
        }

        if (!state.Build.Succeeded)
        {
            var offline = new OfflineTier(workspace, verifier, new ProjectCompilationLoader(TimeSpan.FromMinutes(5)), log, build => _progress.Record(new WorkspaceState(build, null)));
            var (build, fixes, rounds) = await offline.RunAsync(state.Build, cancellationToken).ConfigureAwait(false);
            _progress.Fixes.AddRange(fixes);
            _progress.Iterations += rounds;
            state = new WorkspaceState(build, build.Succeeded && !options.NoTests ? await verifier.TestAsync(null, cancellationToken).ConfigureAwait(false) : null);
            state = _progress.Current = await SetFlakesApartAsync(state, flakes, cancellationToken).ConfigureAwait(false);
        }

        if (!state.Green && chat is not null)
        {
            state = await RunModelTierAsync(workspace, verifier, chat, state, cancellationToken).ConfigureAwait(false);
        }

        if (!state.Green)
        {
            return (RunStatus.NotHealed, Diagnose());
        }

        var violations = await new PolicyGate(workspace, options.Integrity).CheckAsync(cancellationToken).ConfigureAwait(false);
        if (violations.Count > 0)
        {
            _progress.PolicyViolations.AddRange(violations);
            return (RunStatus.NotHealed, $"The fix breaks the test-integrity policy ({violations[0]}{(violations.Count > 1 ? $" and {violations.Count - 1} more" : "")}); it was not committed.");
        }

        _progress.ChangedFiles = [.. workspace.EditedFiles.Order(StringComparer.Ordinal)];
        if (await handover.CommitAndDeliverAsync(baseline, _delivery, _clock.Elapsed, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            return (RunStatus.Error, failure);
        }

        var what = _progress.Fixes.Count == 1 ? "1 fix" : $"{_progress.Fixes.Count} fixes";
        var flaky = _progress.FlakyTests.Count > 0 ? $" {_progress.FlakyTests.Count} flaky test(s) were reported, not changed." : "";
        return (RunStatus.Healed, $"Healed with {what}; the harness's own build{(options.NoTests ? " is" : " and tests are")} green.{flaky}");
    }

    private async Task<WorkspaceState> SetFlakesApartAsync(WorkspaceState state, FlakeDetector flakes, CancellationToken cancellationToken)
    {
        if (state.Tests is not { Succeeded: false } tests)
        {
            return state;
        }

        var (confirmed, flaky) = await flakes.ConfirmAsync(tests, cancellationToken).ConfigureAwait(false);
        foreach (var test in flaky.Where(f => _progress.FlakyTests.All(known => known.Name != f.FullName)))
        {
            log.Warning("Flaky test {Test}: failed, then passed on a rerun ({Message})", test.FullName, test.Message?.ReplaceLineEndings(" ").Trim());
            _progress.FlakyTests.Add(ReportBuilder.TestReports(tests with { Failures = [test] }, options.Workspace).Single());
        }

        return state with { Tests = confirmed };
    }

    private async Task<WorkspaceState> RunModelTierAsync(HealWorkspace workspace, Verifier verifier, IChatClient model, WorkspaceState state, CancellationToken cancellationToken)
    {
        var profile = model.GetService<ModelProfile>();
        var tier = new ModelTier(workspace, verifier, model, new ModelTierOptions
        {
            Limits = options.Limits,
            RunTests = !options.NoTests,
            AllowTestEdits = options.AllowTestEdits,
            ProtectedPaths = [.. options.ProtectedPaths.Concat(options.Integrity.ProtectedPaths).Distinct()],
            OutputDirectory = options.OutputDirectory,
            Redact = _redact,
            MaxInputTokens = profile?.MaxInputTokens,
            OnVerified = _progress.Record,
            PolicyCheck = async token =>
            {
                var violations = await new PolicyGate(workspace, options.Integrity).CheckAsync(token).ConfigureAwait(false);
                return violations.Count == 0
                    ? null
                    : "The test-integrity policy refuses this change:\n" + string.Join('\n', violations.Select(v => $"- [{v.Rule}] {v}")) + "\nUndo it and fix the code under test instead.";
            },
        }, log);
        _progress.Artifacts["trajectory"] = Path.Combine(options.OutputDirectory, "trajectory.jsonl");
        try
        {
            var result = await tier.RunAsync(state, [.. _progress.FlakyTests.Select(t => t.Name)], cancellationToken).ConfigureAwait(false);
            _progress.Iterations += result.Agent.Steps;
            _bestFiles = result.BestFiles;
            if (result.Agent.Outcome == AgentOutcome.Healed)
            {
                _progress.Fixes.Add(new FixReport("model", profile?.Model ?? "model", "", null, 0, _redact(result.Agent.Summary ?? "The model's fix, verified by the harness.")));
                return _progress.Current = result.Final;
            }

            _stopReason = result.Agent.Reason;
            return _progress.Current = result.Best;
        }
        finally
        {
            if (model.GetService<UsageTrackingChatClient>()?.Snapshot is { } usage)
            {
                _progress.ModelCalls = usage.Calls;
                _progress.InputTokens = usage.InputTokens;
                _progress.OutputTokens = usage.OutputTokens;
                _progress.CostUsd = usage.CostUsd;
            }
        }
    }

    private string Diagnose() => Diagnosis.Describe(_progress.Current, _stopReason, chat is not null);
}
