namespace CiAgent.Outputs.Report;

/// <summary>The planner's plan as the report shows it.</summary>
/// <param name="Summary">The approach.</param>
/// <param name="Changes">Each file to create or change, with what changes.</param>
public sealed record PlanReport(string Summary, IReadOnlyList<PlannedFileReport> Changes);
