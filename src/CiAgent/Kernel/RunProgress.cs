namespace CiAgent.Kernel;

/// <summary>What a run has learned and done so far; the report is made from it on whatever path the run ends.</summary>
public sealed class RunProgress
{
    /// <summary>The state before anything was changed.</summary>
    public BuildTestVerdict? Baseline { get; set; }

    /// <summary>The latest state the harness verified.</summary>
    public BuildTestVerdict? Current { get; set; }

    /// <summary>Integrity rules the attempted fix broke.</summary>
    public List<PolicyViolation> PolicyViolations { get; } = [];

    /// <summary>Fixes that survived verification, in order.</summary>
    public List<FixReport> Fixes { get; } = [];

    /// <summary>Tests that failed once and passed on a rerun.</summary>
    public List<TestReport> FlakyTests { get; } = [];

    /// <summary>Verify rounds so far.</summary>
    public int Iterations { get; set; }

    /// <summary>Model requests so far.</summary>
    public int ModelCalls { get; set; }

    /// <summary>Prompt tokens so far.</summary>
    public long InputTokens { get; set; }

    /// <summary>Completion tokens so far.</summary>
    public long OutputTokens { get; set; }

    /// <summary>Estimated cost so far.</summary>
    public decimal CostUsd { get; set; }

    /// <summary>The fix commit, once made.</summary>
    public string? Commit { get; set; }

    /// <summary>The pull request, once opened.</summary>
    public string? PullRequestUrl { get; set; }

    /// <summary>Files the fix changed (empty after a restore).</summary>
    public IReadOnlyList<string> ChangedFiles { get; set; } = [];

    /// <summary>Build errors and failing tests after each verified step (0 is the baseline), for charts.</summary>
    public List<(int Iteration, int Errors, int FailedTests)> History { get; } = [];

    /// <summary>The fix as a unified diff, once healed.</summary>
    public string? Diff { get; set; }

    /// <summary>Records a verified state in the history.</summary>
    public void Record(BuildTestVerdict state) => History.Add((History.Count, state.Errors, state.FailedTests));

    /// <summary>Model conversations that ended because the model made no progress (the same call and answer, or the same refusal, three times in a row).</summary>
    public int NoProgressStops { get; set; }

    /// <summary>Why a tier stopped short of green (a budget, no usable answers), when it said so.</summary>
    public string? StopReason { get; set; }

    /// <summary>The edited files as they were in the best state a tier reached, for partial.patch.</summary>
    public IReadOnlyDictionary<string, byte[]>? BestFiles { get; set; }

    /// <summary>Where the run's time went, by phase.</summary>
    public RunTimings Timings { get; } = new();

    /// <summary>Extra artefacts by name (summary, patch, trajectory).</summary>
    public Dictionary<string, string> Artifacts { get; } = [];
}
