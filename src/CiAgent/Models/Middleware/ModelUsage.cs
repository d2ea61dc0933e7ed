namespace CiAgent.Models.Middleware;

/// <summary>A point-in-time copy of the tokens and money spent through a <see cref="UsageTrackingChatClient"/>.</summary>
/// <param name="Calls">Model calls that returned a response.</param>
/// <param name="FailedCalls">Model calls that ended in an exception.</param>
/// <param name="InputTokens">Input tokens, cached ones included.</param>
/// <param name="CachedInputTokens">Input tokens served from the prompt cache.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CostUsd">The estimated cost in US dollars.</param>
public sealed record ModelUsage(int Calls, int FailedCalls, long InputTokens, long CachedInputTokens, long OutputTokens, decimal CostUsd);
