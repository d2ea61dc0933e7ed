namespace CiAgent.Kernel;

/// <summary>One fix that made it into the result.</summary>
public sealed record FixReport(string Tier, string Fixer, string Code, string? File, int Line, string Description);
