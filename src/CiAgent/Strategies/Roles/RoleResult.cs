using CiAgent.Strategies.Agent;

namespace CiAgent.Strategies.Roles;

/// <summary>How one role's conversation ended, and what it spent.</summary>
/// <param name="Role">The role's name.</param>
/// <param name="Agent">The loop's result: outcome, steps and the accepted claim.</param>
/// <param name="Calls">Model calls this role made.</param>
/// <param name="InputTokens">Prompt tokens this role spent.</param>
/// <param name="OutputTokens">Completion tokens this role spent.</param>
/// <param name="CostUsd">Estimated cost of this role.</param>
public sealed record RoleResult(string Role, AgentResult Agent, int Calls, long InputTokens, long OutputTokens, decimal CostUsd)
{
    /// <summary>True when the harness accepted the role's closing call.</summary>
    public bool Accepted => Agent.Outcome == AgentOutcome.Verified;
}
