using System.Collections.Immutable;
using CiAgent.Models;
using CiAgent.Security;

namespace CiAgent.Configuration;

/// <summary>The settings read from a workspace's .ciagent.yml; every value is optional and null means "use the command line or default".</summary>
public sealed record CiAgentConfig
{
    /// <summary>The model provider name, such as openai or anthropic.</summary>
    public string? Provider { get; init; }

    /// <summary>The model id.</summary>
    public string? Model { get; init; }

    /// <summary>An OpenAI-compatible endpoint to use instead of the provider's default.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Budgets for the run.</summary>
    public ConfigLimits Limits { get; init; } = new();

    /// <summary>Test-integrity policy settings.</summary>
    public ConfigPolicy Policy { get; init; } = new();

    /// <summary>Per-model token prices in USD per one million tokens, overriding the built-in table.</summary>
    public ImmutableDictionary<string, ModelPrice> Prices { get; init; } = ImmutableDictionary.Create<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The budgets under <c>limits:</c>; each is positive when set.</summary>
public sealed record ConfigLimits
{
    /// <summary>The most model calls one run may make.</summary>
    public int? MaxModelCalls { get; init; }

    /// <summary>The most tokens, input plus output, one run may spend.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>The most one run may cost in USD.</summary>
    public decimal? MaxCostUsd { get; init; }

    /// <summary>The whole run's time limit in minutes.</summary>
    public int? TimeoutMinutes { get; init; }

    /// <summary>How long one model request may take before it is abandoned and retried, in seconds.</summary>
    public int? RequestTimeoutSeconds { get; init; }

    /// <summary>How many times a failed model request is retried after the first attempt.</summary>
    public int? RequestRetries { get; init; }
}

/// <summary>The settings under <c>policy:</c>.</summary>
public sealed record ConfigPolicy
{
    /// <summary>True lets fixes remove, skip or weaken tests; null or false keeps the test-integrity rules on.</summary>
    public bool? AllowTestEdits { get; init; }

    /// <summary>Glob patterns added to the protected paths; a pattern starting with ! removes a default one.</summary>
    public ImmutableArray<string> ProtectedPaths { get; init; } = [];
}
