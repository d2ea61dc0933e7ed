using System.Diagnostics;
using CiAgent.Context;
using CiAgent.Delivery;
using CiAgent.Models;
using CiAgent.Reporting;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Offline;
using CiAgent.Verification;
using Microsoft.Extensions.AI;
using Serilog;

namespace CiAgent.Healing;

/// <summary>The result of a heal: the report and the exit code it maps to.</summary>
public sealed record HealResult(RunReport Report, int ExitCode, string? Diff = null);

/// <summary>One heal run: baseline, flakes set apart, offline tier, model tier, verification, then commit or restore.</summary>
public sealed class HealRun(
    HealOptions options,
    IChatClient? chat,
    ILogger log,
    Func<string, string>? redact = null,
    IReadOnlyDictionary<string, string?>? environment = null,
    Action<string, string>? buildLog = null)
{
    private readonly IReadOnlyDictionary<string, string?> _environment = environment ?? new Dictionary<string, string?>();
    private DeliveryPlan? _delivery;
    private readonly RunProgress _progress = new();
    private readonly Stopwatch _clock = new();
    private readonly Func<string, string> _redact = redact ?? (text => text);

    /// <summary>Runs the heal; bad input throws <see cref="UsageException"/> before anything is touched, every later path returns a report.</summary>
    public async Task<HealResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        var workspace = await HealWorkspace.OpenAsync(options, log, limit.Token).ConfigureAwait(false);

        // Delivery is checked before any work too: a push that could never happen is bad input, not a late surprise.
        _delivery = await DeliveryPlan.PrepareAsync(options.Commit, workspace.Git, name => _environment.GetValueOrDefault(name), cancellationToken: limit.Token).ConfigureAwait(false);

        (string Status, string Reason) end;
        try
        {
            end = await HealAsync(workspace, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            end = ("not-healed", $"The time limit of {options.Timeout.TotalMinutes:0.#} minutes was reached. {Diagnosis()}");
        }
        catch (OperationCanceledException)
        {
            end = ("error", "cancelled");
        }
        catch (ModelCallException e)
        {
            end = ("error", e.Message);
        }
        catch (Exception e) when (e is not UsageException)
        {
            log.Error(e, "The run failed");
            end = ("error", $"{e.GetType().Name}: {e.Message}");
        }

        if (end.Status is "healed" or "already-green" or "flaky")
        {
            _progress.ChangedFiles = [.. workspace.EditedFiles.Order(StringComparer.Ordinal)];
        }
        else
        {
            await KeepPartialPatchAsync(workspace).ConfigureAwait(false);
            await RestoreAsync(workspace).ConfigureAwait(false);
        }

        var report = ReportBuilder.Build(end.Status, _redact(end.Reason), _progress, options, workspace.Root, workspace.Target, _clock.Elapsed);
        var exit = end.Status switch
        {
            "healed" or "already-green" or "flaky" => ExitCodes.Success,
            "not-healed" => ExitCodes.NotHealed,
            _ => ExitCodes.InfrastructureFailure,
        };
        return new HealResult(report, exit, _progress.Diff);
    }

    private async Task<(string Status, string Reason)> HealAsync(HealWorkspace workspace, CancellationToken cancellationToken)
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
            return ("already-green", options.NoTests ? "The build is already green." : "The build and the tests are already green.");
        }

        var state = await SetFlakesApartAsync(baseline, flakes, cancellationToken).ConfigureAwait(false);
        _progress.Current = state;
        if (state.Green)
        {
            return ("flaky", $"Every failing test passed on a rerun: {string.Join(", ", _progress.FlakyTests.Select(t => t.Name))}. Nothing was changed.");
        }

        if (!state.Build.Succeeded)
        {
            var offline = new OfflineTier(workspace, verifier, new ProjectCompilationLoader(TimeSpan.FromMinutes(5)), log, build => _progress.Record(new WorkspaceState(build, null)));
            var (build, fixes, rounds) = await offline.RunAsync(state.Build, cancellationToken).ConfigureAwait(false);
            _progress.Fixes.AddRange(fixes);
            _progress.Iterations += rounds;
            state = new WorkspaceState(build, build.Succeeded && !options.NoTests ? await verifier.TestAsync(null, cancellationToken).ConfigureAwait(false) : null);
            state = await SetFlakesApartAsync(state, flakes, cancellationToken).ConfigureAwait(false);
            _progress.Current = state;
        }

        if (!state.Green && chat is not null)
        {
            state = await RunModelTierAsync(workspace, verifier, chat, state, cancellationToken).ConfigureAwait(false);
        }

        if (!state.Green)
        {
            return ("not-healed", Diagnosis());
        }

        var violations = await new PolicyGate(workspace, options.Integrity).CheckAsync(cancellationToken).ConfigureAwait(false);
        if (violations.Count > 0)
        {
            _progress.PolicyViolations.AddRange(violations);
            return ("not-healed", $"The fix breaks the test-integrity policy ({violations[0]}{(violations.Count > 1 ? $" and {violations.Count - 1} more" : "")}); it was not committed.");
        }

        _progress.ChangedFiles = [.. workspace.EditedFiles.Order(StringComparer.Ordinal)];
        if (workspace.Git is { } git && workspace.EditedFiles.Count > 0)
        {
            _progress.Diff = _redact(await git.DiffAsync(GitPaths(workspace), cancellationToken).ConfigureAwait(false));
        }

        await CommitAsync(workspace, baseline, cancellationToken).ConfigureAwait(false);
        if (await DeliverAsync(workspace, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            return ("error", failure);
        }

        var what = _progress.Fixes.Count == 1 ? "1 fix" : $"{_progress.Fixes.Count} fixes";
        var flaky = _progress.FlakyTests.Count > 0 ? $" {_progress.FlakyTests.Count} flaky test(s) were reported, not changed." : "";
        return ("healed", $"Healed with {what}; the harness's own build{(options.NoTests ? " is" : " and tests are")} green.{flaky}");
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

    private async Task<WorkspaceState> RunModelTierAsync(HealWorkspace workspace, Verifier verifier, IChatClient chat, WorkspaceState state, CancellationToken cancellationToken)
    {
        var profile = chat.GetService<ModelProfile>();
        var tier = new ModelTier(workspace, verifier, chat, new ModelTierOptions
        {
            Limits = options.Limits,
            RunTests = !options.NoTests,
            AllowTestEdits = options.AllowTestEdits,
            ProtectedPaths = options.ProtectedPaths,
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
            _progress.Current = result.Agent.Outcome == AgentOutcome.Healed ? result.Final : result.Best;
            _bestFiles = result.BestFiles;
            if (result.Agent.Outcome == AgentOutcome.Healed)
            {
                _progress.Fixes.Add(new FixReport("model", profile?.Model ?? "model", "", null, 0, _redact(result.Agent.Summary ?? "The model's fix, verified by the harness.")));
                return result.Final;
            }

            _stopReason = result.Agent.Reason;
            return result.Best;
        }
        finally
        {
            var usage = chat.GetService<Models.Middleware.UsageTrackingChatClient>()?.Snapshot;
            if (usage is not null)
            {
                _progress.ModelCalls = usage.Calls;
                _progress.InputTokens = usage.InputTokens;
                _progress.OutputTokens = usage.OutputTokens;
                _progress.CostUsd = usage.CostUsd;
            }
        }
    }

    private IReadOnlyDictionary<string, byte[]>? _bestFiles;
    private string? _stopReason;

    private async Task KeepPartialPatchAsync(HealWorkspace workspace)
    {
        if (workspace.EditedFiles.Count == 0 || workspace.Git is null)
        {
            return;
        }

        try
        {
            // The diagnosis is worth more with the attempt that came closest: put the best state's files back before diffing.
            foreach (var (relative, bytes) in _bestFiles ?? new Dictionary<string, byte[]>())
            {
                await File.WriteAllBytesAsync(Path.Combine(workspace.Root, relative), bytes).ConfigureAwait(false);
            }

            var diff = await workspace.Git.DiffAsync(GitPaths(workspace), CancellationToken.None).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(diff))
            {
                Directory.CreateDirectory(options.OutputDirectory);
                var path = Path.Combine(options.OutputDirectory, "partial.patch");
                await File.WriteAllTextAsync(path, _redact(diff)).ConfigureAwait(false);
                _progress.Artifacts["partialPatch"] = path;
                log.Information("The best attempt is kept in {Patch}", path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Workspace.GitException)
        {
            log.Warning("Could not write the partial patch: {Reason}", e.Message);
        }
    }

    // Delivery writes <out>/fix.patch in every mode, then pushes or opens the pull request; a failure there undoes the local commit.
    private async Task<string?> DeliverAsync(HealWorkspace workspace, CancellationToken cancellationToken)
    {
        if (workspace.Git is not { } git || _delivery is null || workspace.EditedFiles.Count == 0)
        {
            return null;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var provisional = ReportBuilder.Build("healed", "Healed; the harness's own build and tests are green.", _progress, options, workspace.Root, workspace.Target, _clock.Elapsed);
        var result = await new Deliverer(git, http, log, _redact)
            .DeliverAsync(_delivery, _redact(SummaryWriter.ToMarkdown(provisional, _progress.Diff)), options.OutputDirectory, GitPaths(workspace), cancellationToken)
            .ConfigureAwait(false);
        if (result.PatchPath is not null)
        {
            _progress.Artifacts["patch"] = result.PatchPath;
        }

        _progress.PullRequestUrl = result.PullRequestUrl;
        if (result.Delivered)
        {
            log.Information("{Delivery}", _redact(result.Message));
            return null;
        }

        if (_progress.Commit is not null && workspace.StartHead is { } start)
        {
            await git.MoveHeadAsync(start, CancellationToken.None).ConfigureAwait(false);
            _progress.Commit = null;
        }

        return _redact(result.Message);
    }

    private static List<string> GitPaths(HealWorkspace workspace) =>
        [.. workspace.EditedFiles.Select(f => Path.GetRelativePath(workspace.Git!.Root, Path.Combine(workspace.Root, f)).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    private async Task CommitAsync(HealWorkspace workspace, WorkspaceState baseline, CancellationToken cancellationToken)
    {
        if (options.Commit == CommitMode.None || workspace.Git is null || workspace.EditedFiles.Count == 0)
        {
            return;
        }

        var git = workspace.Git;
        await git.EnsureIdentityAsync(cancellationToken).ConfigureAwait(false);
        var paths = GitPaths(workspace);
        var message = _redact(CommitMessage.Build(baseline, _progress.Current!, _progress.Fixes, workspace.EditedFiles, workspace.Root));
        _progress.Commit = await git.CommitAsync(paths, message, cancellationToken).ConfigureAwait(false);
        log.Information("Committed {Sha}: {Subject}", _progress.Commit, message.Split('\n')[0]);
    }

    private async Task RestoreAsync(HealWorkspace workspace)
    {
        using var restoreLimit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await workspace.Snapshot.RestoreAsync(restoreLimit.Token).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var first = result.Failed[0];
            throw new InfrastructureException($"The workspace could not be fully restored: {first.Path}: {first.Reason} ({result.Failed.Count} paths in all).");
        }

        log.Information("Workspace restored to its state before the run");
    }

    private string Diagnosis()
    {
        var prefix = _stopReason is null ? "" : _stopReason + " ";
        if (_progress.Current is not { } state)
        {
            return prefix + "The baseline build did not finish.";
        }

        if (state.Errors > 0)
        {
            var first = state.Build.Errors[0];
            var where = first.File is null ? "" : $" in {Path.GetFileName(first.File)}{(first.Line > 0 ? $":{first.Line}" : "")}";
            var tail = chat is null ? " No offline fix applies to what remains; configure a model provider (--provider) to go further." : "";
            return $"{prefix}{state.Errors} build error{(state.Errors == 1 ? "" : "s")} remain, first {first.Code}{where}: {first.Message}.{tail}";
        }

        if (state.Tests is { } tests && !state.Green)
        {
            var first = tests.Failures.FirstOrDefault();
            var tail = chat is null ? " Failing tests need a model provider (--provider)." : "";
            return first is null
                ? $"{prefix}The test run failed ({tests.FailureKind}{(tests.RunningTest is null ? "" : $" in {tests.RunningTest}")}).{tail}"
                : $"{prefix}{state.FailedTests} test{(state.FailedTests == 1 ? "" : "s")} fail, first {first.FullName}: {first.Message?.ReplaceLineEndings(" ").Trim()}.{tail}";
        }

        return prefix + "The workspace is not green.";
    }
}
