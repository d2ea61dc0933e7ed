using CiAgent.Kernel;

namespace CiAgent.Outputs.Report;

/// <summary>Turns a run's progress into the report, with every path made relative to the workspace.</summary>
public static class ReportBuilder
{
    /// <summary>Builds the report for a run that ended with the given status and reason.</summary>
    public static RunReport Build(RunStatus status, string reason, RunProgress progress, string provider, string? workspaceRoot, string? target, TimeSpan duration) => new()
    {
        Status = status.Name,
        Reason = reason,
        Workspace = workspaceRoot,
        Target = target is null || workspaceRoot is null ? target : WorkspaceRelative.Of(target, workspaceRoot),
        Provider = provider,
        Iterations = progress.Iterations,
        NoProgressStops = progress.NoProgressStops,
        ModelCalls = progress.ModelCalls,
        Usage = new UsageReport { InputTokens = progress.InputTokens, OutputTokens = progress.OutputTokens },
        CostUsd = decimal.Round(progress.CostUsd, 6),
        Baseline = progress.Baseline is null ? null : State(progress.Baseline, workspaceRoot),
        Final = progress.Current is null ? null : State(progress.Current, workspaceRoot),
        ChangedFiles = progress.ChangedFiles,
        Commit = progress.Commit,
        PullRequestUrl = progress.PullRequestUrl,
        DurationSeconds = Math.Round(duration.TotalSeconds, 2),
        Timings = progress.Timings.Seconds(),
        Fixes = [.. progress.Fixes],
        FlakyTests = [.. progress.FlakyTests],
        PolicyViolations = [.. progress.PolicyViolations.Select(v => new ViolationReport(v.Rule, v.Path, v.Line, v.Message))],
        History = [.. progress.History.Select(h => new HistoryPoint(h.Iteration, h.Errors, h.FailedTests))],
        Artifacts = new Dictionary<string, string>(progress.Artifacts),
    };

    /// <summary>Describes one state for the report.</summary>
    public static StateReport State(BuildTestVerdict state, string? workspaceRoot) => new()
    {
        Errors = state.Errors,
        FailedTests = state.FailedTests,
        TestsRan = state.Tests is not null,
        Diagnostics = [.. state.Build.Diagnostics.Select(d => new DiagnosticReport(
            d.File is null || workspaceRoot is null ? d.File : WorkspaceRelative.Of(d.File, workspaceRoot), d.Line, d.Column, d.Code, d.Message)
        {
            Severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
        })],
        Tests = state.Tests is null ? [] : [.. TestReports(state.Tests, workspaceRoot)],
    };

    /// <summary>The failing tests of a run, located relative to the workspace.</summary>
    public static IEnumerable<TestReport> TestReports(TestRunResult tests, string? workspaceRoot) =>
        tests.Failures.Select(f =>
        {
            var location = f.Locations.IsDefaultOrEmpty ? null : f.Locations[0];
            return new TestReport(f.FullName, f.Message ?? "")
            {
                File = location is null || workspaceRoot is null ? location?.File : WorkspaceRelative.Of(location.File, workspaceRoot),
                Line = location?.Line ?? 0,
            };
        });

}
