using System.Text.Json.Serialization;
using CiAgent.Kernel;
using CiAgent.Specs;

namespace CiAgent.Outputs.Report;

/// <summary>The machine-readable result of a run, written to report.json on every exit path.</summary>
public sealed record RunReport
{
    /// <summary>heal or implement.</summary>
    public string Mode { get; init; } = "heal";

    /// <summary>healed, already-green, not-healed, flaky, implemented, not-implemented, needs-clarification or error.</summary>
    public required string Status { get; init; }

    /// <summary>One sentence on why the run ended as it did.</summary>
    public required string Reason { get; init; }

    /// <summary>The ciagent version that wrote the report.</summary>
    public string Version { get; init; } = ToolInfo.Version;

    /// <summary>The workspace that was healed.</summary>
    public string? Workspace { get; init; }

    /// <summary>The solution or project that was built, relative to the workspace.</summary>
    public string? Target { get; init; }

    /// <summary>The model provider used ("none" for offline only).</summary>
    public string Provider { get; init; } = "none";

    /// <summary>How many verify rounds ran (offline rounds plus model steps).</summary>
    public int Iterations { get; init; }

    /// <summary>How many requests went to a model.</summary>
    public int ModelCalls { get; init; }

    /// <summary>Tokens spent.</summary>
    public UsageReport Usage { get; init; } = new();

    /// <summary>Estimated model cost in US dollars.</summary>
    public decimal CostUsd { get; init; }

    /// <summary>What was broken before the run.</summary>
    public StateReport? Baseline { get; init; }

    /// <summary>What was broken at the end (after a restore, what the best attempt left).</summary>
    public StateReport? Final { get; init; }

    /// <summary>Files the fix changed, relative to the workspace.</summary>
    public IReadOnlyList<string> ChangedFiles { get; init; } = [];

    /// <summary>The sha of the fix commit, or null.</summary>
    public string? Commit { get; init; }

    /// <summary>The pull request opened or updated, or null.</summary>
    public string? PullRequestUrl { get; init; }

    /// <summary>Wall time of the run.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Seconds by phase: baseline, diagnosis, offline, model, verification, tests, delivery.</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();

    /// <summary>Each fix, in the order it was made, with the tier that made it.</summary>
    public IReadOnlyList<FixReport> Fixes { get; init; } = [];

    /// <summary>Tests that failed and then passed on a rerun.</summary>
    public IReadOnlyList<TestReport> FlakyTests { get; init; } = [];

    /// <summary>Test-integrity rules the attempted fix broke (a fix that breaks one is never committed).</summary>
    public IReadOnlyList<ViolationReport> PolicyViolations { get; init; } = [];

    /// <summary>Model conversations stopped because the model made no progress.</summary>
    public int NoProgressStops { get; init; }

    /// <summary>Build errors and failing tests after each verified step; iteration 0 is the baseline.</summary>
    public IReadOnlyList<HistoryPoint> History { get; init; } = [];

    /// <summary>Where extra artefacts went (summary, patches, trajectory).</summary>
    public IReadOnlyDictionary<string, string> Artifacts { get; init; } = new Dictionary<string, string>();

    /// <summary>The spec and the traceability of each criterion (implement only).</summary>
    public SpecReport? Spec { get; init; }

    /// <summary>The planner's plan (implement only).</summary>
    public PlanReport? Plan { get; init; }

    /// <summary>The reviewer's last verdict (implement only).</summary>
    public ReviewReport? Review { get; init; }

    /// <summary>What the planner found the spec leaves open (implement only).</summary>
    public IReadOnlyList<string> Questions { get; init; } = [];

    /// <summary>Model calls, tokens and cost per role, in the order the roles ran (implement only).</summary>
    public IReadOnlyList<RoleReport> Roles { get; init; } = [];
}

/// <summary>Token counts.</summary>
public sealed record UsageReport
{
    /// <summary>Prompt tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Completion tokens.</summary>
    public long OutputTokens { get; init; }
}

/// <summary>The build and test state at one moment.</summary>
public sealed record StateReport
{
    /// <summary>Distinct build errors.</summary>
    public int Errors { get; init; }

    /// <summary>Failing tests (0 when tests did not run).</summary>
    public int FailedTests { get; init; }

    /// <summary>True when tests ran for this state.</summary>
    public bool TestsRan { get; init; }

    /// <summary>The build errors and warnings.</summary>
    public IReadOnlyList<DiagnosticReport> Diagnostics { get; init; } = [];

    /// <summary>The failing tests.</summary>
    public IReadOnlyList<TestReport> Tests { get; init; } = [];
}

/// <summary>A diagnostic with its path relative to the workspace.</summary>
public sealed record DiagnosticReport(string? File, int Line, int Column, string Code, string Message)
{
    /// <summary>"error" or "warning".</summary>
    public string Severity { get; init; } = "error";
}

/// <summary>A broken test-integrity rule.</summary>
public sealed record ViolationReport(string Rule, string File, int Line, string Message);

/// <summary>The state after one verified step.</summary>
public sealed record HistoryPoint(int Iteration, int Errors, int FailedTests);

/// <summary>Source-generated JSON for the report: camelCase, indented, nulls written so consumers see every field.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunReport))]
public sealed partial class RunReportJson : JsonSerializerContext;
