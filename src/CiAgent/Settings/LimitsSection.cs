using CiAgent.Strategies.Agent;

namespace CiAgent.Settings;

/// <summary>The budgets of a run.</summary>
public sealed record LimitsSection
{
    /// <summary>The model loop's budget, checked before every model call.</summary>
    public AgentLimits Agent { get; init; } = new();

    /// <summary>The whole run's time limit.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How many times failing tests are rerun to tell flakes from real failures.</summary>
    public int FlakeReruns { get; init; } = 2;
}
