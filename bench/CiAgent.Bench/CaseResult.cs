namespace CiAgent.Bench;

/// <summary>What one case measured; timings in seconds, tokens estimated as characters / 4.</summary>
public sealed record CaseResult
{
    /// <summary>The case.</summary>
    public required BenchCase Case { get; init; }

    /// <summary>What the run ended as: an expectable outcome, or not-healed / error.</summary>
    public required string Outcome { get; init; }

    /// <summary>The report's one-sentence reason.</summary>
    public string Reason { get; init; } = "";

    /// <summary>True when the outcome is the expected one.</summary>
    public bool AsExpected => Outcome == Case.Expected;

    /// <summary>The tiers of the report's fixes, such as "offline" or "offline+model"; "-" without fixes.</summary>
    public string Tier { get; init; } = "-";

    /// <summary>Verified rounds, from the report.</summary>
    public int Iterations { get; init; }

    /// <summary>Model calls, from the report.</summary>
    public int ModelCalls { get; init; }

    /// <summary>Wall time of the ciagent process.</summary>
    public double WallSeconds { get; init; }

    /// <summary>The first request body's size in estimated tokens (system prompt, first prompt and tool schemas).</summary>
    public int? FirstRequestTokens { get; init; }

    /// <summary>The first request's messages only (system prompt and first prompt), in estimated tokens.</summary>
    public int? FirstPromptTokens { get; init; }

    /// <summary>Whether the first request showed every line the true fix changes.</summary>
    public bool? Recall { get; init; }

    /// <summary>True when the first prompt was about failing tests on a green build, false when about a broken build; null without a model request.</summary>
    public bool? FailingTests { get; init; }

    /// <summary>From the process start to the first offline fix or the first model request.</summary>
    public double? TimeToFirstDiagnosis { get; init; }

    /// <summary>The wall times of a plain `dotnet build` (restore included) of the same broken workspace, each in a separate copy: one before the heal, one after it.</summary>
    public IReadOnlyList<double> PlainBuildRuns { get; init; } = [];

    /// <summary>The plain build: the mean of <see cref="PlainBuildRuns"/>, so that neither the order nor the machine's drift favours the heal or the plain build.</summary>
    public double? PlainBuildSeconds => PlainBuildRuns.Count == 0 ? null : PlainBuildRuns.Average();

    /// <summary>A plain `dotnet test --no-build` of the broken workspace after the later plain build, when that build succeeded (the failing tests are seen only so).</summary>
    public double? PlainBrokenTestSeconds { get; init; }

    /// <summary>What a plain run pays to see the breakage: the plain build, and the plain test run too when the build succeeds.</summary>
    public double? PlainDiagnosisSeconds => PlainBuildSeconds is { } b ? b + (PlainBrokenTestSeconds ?? 0) : null;

    /// <summary>The harness's rebuild after its first edit: the first offline round's build, or the model's first run_build.</summary>
    public double? HarnessRebuildSeconds { get; init; }

    /// <summary>A plain `dotnet build --no-restore` right after the true fix touched the same files, in the separate copy.</summary>
    public double? PlainIncrementalSeconds { get; init; }

    /// <summary>A plain `dotnet test --no-build` right after that incremental build, in the separate copy.</summary>
    public double? PlainTestSeconds { get; init; }

    /// <summary>The ciagent process's own peak resident memory (VmHWM) in bytes; its dotnet build and test children are not counted.</summary>
    public long? PeakRssBytes { get; init; }

    /// <summary>The least any verified heal pays: plain build (restore included) + plain incremental build after the true fix + plain test run.</summary>
    public double? FloorSeconds => PlainBuildSeconds is { } b && PlainIncrementalSeconds is { } i && PlainTestSeconds is { } t ? b + i + t : null;

    /// <summary>The heal's wall time over the floor, when the floor was measured.</summary>
    public double? HealRatio => FloorSeconds is { } floor && floor > 0 ? WallSeconds / floor : null;

    /// <summary>The naive baseline's size: the whole build and test log plus every file it names, in estimated tokens.</summary>
    public int? NaiveTokens { get; init; }

    /// <summary>Whether the naive baseline shows every line the true fix changes.</summary>
    public bool? NaiveRecall { get; init; }

    /// <summary>Where the case's report, log and first request were kept.</summary>
    public string OutputDirectory { get; init; } = "";

    /// <summary>Time to first diagnosis over what a plain run pays to see the breakage (<see cref="PlainDiagnosisSeconds"/>), when both exist.</summary>
    public double? DiagnosisRatio => TimeToFirstDiagnosis is { } t && PlainDiagnosisSeconds is { } p && p > 0 ? t / p : null;

    /// <summary>Time to first diagnosis over the plain build alone, the failing-test cases' test run not counted.</summary>
    public double? DiagnosisOverBuildRatio => TimeToFirstDiagnosis is { } t && PlainBuildSeconds is { } b && b > 0 ? t / b : null;

    /// <summary>The harness's rebuild over the plain incremental build, when both exist.</summary>
    public double? VerificationRatio => HarnessRebuildSeconds is { } h && PlainIncrementalSeconds is { } p && p > 0 ? h / p : null;
}
