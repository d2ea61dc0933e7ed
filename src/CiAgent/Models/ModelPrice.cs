namespace CiAgent.Models;

/// <summary>A model's price in USD per one million tokens.</summary>
/// <param name="Input">Uncached input tokens.</param>
/// <param name="CachedInput">Input tokens served from the provider's prompt cache.</param>
/// <param name="Output">Output tokens.</param>
public sealed record ModelPrice(decimal Input, decimal CachedInput, decimal Output)
{
    /// <summary>The cost of one call's tokens; cached tokens are part of the input count and priced at the cached rate.</summary>
    public decimal CostOf(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, Math.Max(0, inputTokens));
        return ((inputTokens - cached) * Input + cached * CachedInput + outputTokens * Output) / 1_000_000m;
    }
}
