namespace CiAgent.Outputs.Report;

/// <summary>One file the plan changes.</summary>
/// <param name="Path">The file, relative to the workspace.</param>
/// <param name="What">What changes in it.</param>
public sealed record PlannedFileReport(string Path, string What);
