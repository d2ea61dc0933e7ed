namespace CiAgent.Healing;

/// <summary>Everything a heal run was asked to do, parsed once from the command line and environment.</summary>
public sealed record HealOptions
{
    /// <summary>The workspace root (a git work tree, normally).</summary>
    public required string Workspace { get; init; }

    /// <summary>The solution or project to build, relative to the workspace or absolute; null means find the single one at the root.</summary>
    public string? Target { get; init; }

    /// <summary>The model provider name; "none" runs the offline tiers only.</summary>
    public string Provider { get; init; } = "none";

    /// <summary>True when the provider was chosen by the user rather than inferred.</summary>
    public bool ProviderExplicit { get; init; }

    /// <summary>The model id, or null for the provider's default.</summary>
    public string? Model { get; init; }

    /// <summary>An OpenAI-compatible endpoint to use instead of the provider's default.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>What to do with a fix.</summary>
    public CommitMode Commit { get; init; } = CommitMode.None;

    /// <summary>Where the JSON report goes; null means report.json in the output folder.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The output folder for the report, summary, patches and trajectory.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>True when the output folder is the default one inside the workspace (then it is excluded from git).</summary>
    public bool OutputInsideWorkspace { get; init; }

    /// <summary>Skip running tests: only the build must be green.</summary>
    public bool NoTests { get; init; }

    /// <summary>The whole run's time limit.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one model request may take before it is abandoned and retried; null keeps the provider default.</summary>
    public TimeSpan? ModelRequestTimeout { get; init; }

    /// <summary>Run even when the working tree has uncommitted changes (they are preserved).</summary>
    public bool AllowDirty { get; init; }

    /// <summary>The model tier's budget.</summary>
    public Strategies.Agent.AgentLimits Limits { get; init; } = new();

    /// <summary>Whether the model may edit test files.</summary>
    public bool AllowTestEdits { get; init; }

    /// <summary>Extra paths that may be read but never written (globs).</summary>
    public IReadOnlyList<string> ProtectedPaths { get; init; } = [];

    /// <summary>The test-integrity policy every fix is checked against before it is committed.</summary>
    public Policy.IntegrityPolicyOptions Integrity { get; init; } = Policy.IntegrityPolicyOptions.Default;

    /// <summary>Per-model prices (USD per million tokens) that override the built-in table.</summary>
    public IReadOnlyDictionary<string, Models.ModelPrice> Prices { get; init; } = new Dictionary<string, Models.ModelPrice>();

    /// <summary>How many times failing tests are rerun to tell flakes from real failures.</summary>
    public int FlakeReruns { get; init; } = 2;

    /// <summary>An explicit configuration file, or null for .ciagent.yml at the workspace root when present.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Log at debug level.</summary>
    public bool Debug { get; init; }

    /// <summary>The full path of the JSON report.</summary>
    public string EffectiveReportPath => ReportPath ?? Path.Combine(OutputDirectory, "report.json");
}
