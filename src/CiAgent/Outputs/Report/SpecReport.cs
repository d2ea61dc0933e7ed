namespace CiAgent.Outputs.Report;

/// <summary>The spec an implement run read, with each criterion traced to its tests.</summary>
/// <param name="Path">The spec's path relative to the workspace, or "issue #N".</param>
/// <param name="Format">markdown, spec-kit, openspec, kiro or issue.</param>
/// <param name="Title">The spec's title.</param>
/// <param name="Criteria">Each acceptance criterion with its tests and their state before and after.</param>
public sealed record SpecReport(string Path, string Format, string Title, IReadOnlyList<CriterionReport> Criteria);
