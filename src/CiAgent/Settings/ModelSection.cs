using System.Collections.Immutable;
using CiAgent.Models;

namespace CiAgent.Settings;

/// <summary>The model settings of a run.</summary>
public sealed record ModelSection
{
    /// <summary>The provider name; "none" runs without a model.</summary>
    public string Provider { get; init; } = ModelProviders.None;

    /// <summary>True when the provider was chosen by the user (command line or .ciagent.yml) rather than inferred from the keys present.</summary>
    public bool ProviderExplicit { get; init; }

    /// <summary>The model id, or null for the provider's default.</summary>
    public string? Model { get; init; }

    /// <summary>An OpenAI-compatible endpoint to use instead of the provider's default.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>How long one model request may take before it is abandoned and retried; null keeps the provider default.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>How many times a failed model request is retried after the first attempt; null keeps the default.</summary>
    public int? RequestRetries { get; init; }

    /// <summary>Per-model prices (USD per million tokens) that override the built-in table.</summary>
    public ImmutableDictionary<string, ModelPrice> Prices { get; init; } = ImmutableDictionary<string, ModelPrice>.Empty;
}
