namespace CiAgent.Strategies.Agent;

/// <summary>The budget of one model-driven attempt; every limit is checked before each model call.</summary>
public sealed record AgentLimits
{
    /// <summary>Model requests allowed.</summary>
    public int MaxModelCalls { get; init; } = 30;

    /// <summary>Input plus output tokens allowed, or null for no token limit.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>Estimated spend allowed, in US dollars.</summary>
    public decimal MaxCostUsd { get; init; } = 2.00m;

    /// <summary>Consecutive replies with malformed or missing tool calls tolerated before giving up.</summary>
    public int MaxConsecutiveFormatErrors { get; init; } = 3;

    /// <summary>Says which limit, if any, the spend so far has reached.</summary>
    public string? Exceeded(int modelCalls, long tokens, decimal costUsd) =>
        modelCalls >= MaxModelCalls ? $"the limit of {MaxModelCalls} model calls"
        : MaxTokens is { } maxTokens && tokens >= maxTokens ? $"the limit of {maxTokens} tokens"
        : costUsd >= MaxCostUsd ? $"the cost limit of ${MaxCostUsd:0.00}"
        : null;
}

/// <summary>How a model-driven attempt ended.</summary>
public enum AgentOutcome
{
    /// <summary>The model made its closing call (finish, submit_plan, submit_review) and the harness accepted it.</summary>
    Verified,

    /// <summary>A budget ran out before the workspace was green.</summary>
    LimitsExceeded,

    /// <summary>The model kept answering without usable tool calls.</summary>
    FormatErrors,

    /// <summary>The model repeated the same call with the same answer, or had the same closing call refused for the same reason, three times in a row.</summary>
    NoProgress,
}
