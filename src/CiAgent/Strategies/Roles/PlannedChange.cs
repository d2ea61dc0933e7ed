namespace CiAgent.Strategies.Roles;

/// <summary>One file the plan creates or changes.</summary>
/// <param name="Path">The file, relative to the workspace.</param>
/// <param name="What">What changes in it.</param>
public sealed record PlannedChange(string Path, string What);
