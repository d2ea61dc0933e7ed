namespace CiAgent.Models;

/// <summary>Which model provider to call, how, and which secret values must never leave the machine.</summary>
public sealed record ModelSettings
{
    /// <summary>The provider name: openai, azure-openai, github-models or anthropic.</summary>
    public required string Provider { get; init; }

    /// <summary>The model (or Azure deployment) name; null picks the provider's default where it has one.</summary>
    public string? Model { get; init; }

    /// <summary>An endpoint that replaces the provider's default, e.g. an OpenAI-compatible local server.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>How many times a failed call is retried after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>How long one attempt may take before it is abandoned as a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Secret values that are replaced by *** in everything sent to the model.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}
