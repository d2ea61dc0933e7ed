namespace CiAgent.Outputs.Report;

/// <summary>What one role's conversation spent.</summary>
/// <param name="Role">planner, tester, coder or reviewer.</param>
/// <param name="Calls">Model calls.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="CostUsd">Estimated cost.</param>
public sealed record RoleReport(string Role, int Calls, long InputTokens, long OutputTokens, decimal CostUsd);
