using CiAgent.Security;
using CiAgent.Specs;

namespace CiAgent.Settings;

/// <summary>The options as typed on the command line, before defaults, the environment and .ciagent.yml are applied; null means not given.</summary>
public sealed record CommandLineValues
{
    /// <summary>--workspace.</summary>
    public string? Workspace { get; init; }

    /// <summary>--target.</summary>
    public string? Target { get; init; }

    /// <summary>--provider.</summary>
    public string? Provider { get; init; }

    /// <summary>--model.</summary>
    public string? Model { get; init; }

    /// <summary>--base-url.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>--commit: none, commit, push or pull-request.</summary>
    public string? Commit { get; init; }

    /// <summary>--report.</summary>
    public string? Report { get; init; }

    /// <summary>--out.</summary>
    public string? Out { get; init; }

    /// <summary>--no-tests.</summary>
    public bool NoTests { get; init; }

    /// <summary>--timeout, in minutes.</summary>
    public double? TimeoutMinutes { get; init; }

    /// <summary>--allow-dirty.</summary>
    public bool AllowDirty { get; init; }

    /// <summary>--max-model-calls.</summary>
    public int? MaxModelCalls { get; init; }

    /// <summary>--max-tokens.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>--max-cost, in US dollars.</summary>
    public decimal? MaxCostUsd { get; init; }

    /// <summary>--allow-test-edits.</summary>
    public bool AllowTestEdits { get; init; }

    /// <summary>--protected-paths, each value possibly comma-separated.</summary>
    public IReadOnlyList<string> ProtectedPaths { get; init; } = [];

    /// <summary>--flake-reruns.</summary>
    public int? FlakeReruns { get; init; }

    /// <summary>--debug.</summary>
    public bool Debug { get; init; }

    /// <summary>--config.</summary>
    public string? Config { get; init; }

    /// <summary>--spec (implement).</summary>
    public string? Spec { get; init; }

    /// <summary>--spec-event (implement): a GitHub event payload whose issue is the spec.</summary>
    public string? SpecEvent { get; init; }

    /// <summary>--on-ambiguity (implement): assume or ask.</summary>
    public string? OnAmbiguity { get; init; }

    /// <summary>--max-review-rounds (implement).</summary>
    public int? MaxReviewRounds { get; init; }
}
