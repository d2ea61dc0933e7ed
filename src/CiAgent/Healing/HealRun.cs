using System.Diagnostics;
using CiAgent.Context;
using CiAgent.Reporting;
using CiAgent.Strategies.Offline;
using CiAgent.Verification;
using Serilog;

namespace CiAgent.Healing;

/// <summary>The result of a heal: the report and the exit code it maps to.</summary>
public sealed record HealResult(RunReport Report, int ExitCode);

/// <summary>One heal run: baseline, offline tier, (later tiers), verification, then commit or restore.</summary>
public sealed class HealRun(HealOptions options, ILogger log)
{
    private readonly RunProgress _progress = new();
    private readonly Stopwatch _clock = new();

    /// <summary>Runs the heal; bad input throws <see cref="UsageException"/> before anything is touched, every later path returns a report.</summary>
    public async Task<HealResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        var workspace = await HealWorkspace.OpenAsync(options, log, limit.Token).ConfigureAwait(false);

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
            await RestoreAsync(workspace).ConfigureAwait(false);
        }

        var report = ReportBuilder.Build(end.Status, end.Reason, _progress, options, workspace.Root, workspace.Target, _clock.Elapsed);
        var exit = end.Status switch
        {
            "healed" or "already-green" or "flaky" => ExitCodes.Success,
            "not-healed" => ExitCodes.NotHealed,
            _ => ExitCodes.InfrastructureFailure,
        };
        return new HealResult(report, exit);
    }

    private async Task<(string Status, string Reason)> HealAsync(HealWorkspace workspace, CancellationToken cancellationToken)
    {
        var verifier = new Verifier(workspace, options.Timeout);
        log.Information("Baseline: building {Target}", workspace.Relative(workspace.Target));
        var baseline = await verifier.VerifyAsync(!options.NoTests, cancellationToken).ConfigureAwait(false);
        _progress.Baseline = _progress.Current = baseline;
        log.Information("Baseline: {Errors} build errors, {Failed} failing tests", baseline.Errors, baseline.Tests is null ? "no" : baseline.FailedTests);
        if (baseline.Green)
        {
            return ("already-green", options.NoTests ? "The build is already green." : "The build and the tests are already green.");
        }

        var state = baseline;
        if (!state.Build.Succeeded)
        {
            var offline = new OfflineTier(workspace, verifier, new ProjectCompilationLoader(TimeSpan.FromMinutes(5)), log);
            var (build, fixes, rounds) = await offline.RunAsync(state.Build, cancellationToken).ConfigureAwait(false);
            _progress.Fixes.AddRange(fixes);
            _progress.Iterations += rounds;
            state = new WorkspaceState(build, build.Succeeded && !options.NoTests ? await verifier.TestAsync(null, cancellationToken).ConfigureAwait(false) : null);
            _progress.Current = state;
        }

        if (!state.Green)
        {
            return ("not-healed", Diagnosis());
        }

        _progress.ChangedFiles = [.. workspace.EditedFiles.Order(StringComparer.Ordinal)];
        await CommitAsync(workspace, baseline, cancellationToken).ConfigureAwait(false);
        var what = _progress.Fixes.Count == 1 ? "1 fix" : $"{_progress.Fixes.Count} fixes";
        return ("healed", $"Healed with {what}; the harness's own build{(options.NoTests ? "" : " and tests")} are green.");
    }

    private async Task CommitAsync(HealWorkspace workspace, WorkspaceState baseline, CancellationToken cancellationToken)
    {
        if (options.Commit == CommitMode.None || workspace.Git is null || workspace.EditedFiles.Count == 0)
        {
            return;
        }

        var git = workspace.Git;
        await git.EnsureIdentityAsync(cancellationToken).ConfigureAwait(false);
        var paths = workspace.EditedFiles.Select(f => Path.GetRelativePath(git.Root, Path.Combine(workspace.Root, f)).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        var message = CommitMessage.Build(baseline, _progress.Current!, _progress.Fixes, workspace.EditedFiles, workspace.Root);
        _progress.Commit = await git.CommitAsync(paths, message, cancellationToken).ConfigureAwait(false);
        log.Information("Committed {Sha}: {Subject}", _progress.Commit, message.Split('\n')[0]);
    }

    private async Task RestoreAsync(HealWorkspace workspace)
    {
        try
        {
            using var restoreLimit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var result = await workspace.Snapshot.RestoreAsync(restoreLimit.Token).ConfigureAwait(false);
            log.Information("Workspace restored to its state before the run");
            _ = result;
        }
        catch (Exception e)
        {
            log.Error(e, "Could not restore the workspace");
            throw new InfrastructureException($"The workspace could not be restored: {e.Message}", e);
        }
    }

    private string Diagnosis()
    {
        if (_progress.Current is not { } state)
        {
            return "The baseline build did not finish.";
        }

        if (state.Errors > 0)
        {
            var first = state.Build.Errors[0];
            var where = first.File is null ? "" : $" in {Path.GetFileName(first.File)}{(first.Line > 0 ? $":{first.Line}" : "")}";
            var tail = options.Provider == "none" ? " No offline fix applies to what remains; configure a model provider (--provider) to go further." : "";
            return $"{state.Errors} build error{(state.Errors == 1 ? "" : "s")} remain, first {first.Code}{where}: {first.Message}.{tail}";
        }

        var tests = state.Tests;
        if (tests is not null && !state.Green)
        {
            var first = tests.Failures.FirstOrDefault();
            var tail = options.Provider == "none" ? " Failing tests need a model provider (--provider)." : "";
            return first is null
                ? $"The test run failed ({tests.FailureKind}).{tail}"
                : $"{state.FailedTests} test{(state.FailedTests == 1 ? "" : "s")} fail, first {first.FullName}: {first.Message?.ReplaceLineEndings(" ").Trim()}.{tail}";
        }

        return "The workspace is not green.";
    }
}
