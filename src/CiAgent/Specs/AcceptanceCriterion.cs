namespace CiAgent.Specs;

/// <summary>One thing the implementation must demonstrably do, with an id that stays the same between readings of the same spec.</summary>
/// <param name="Id">A short id unique within the spec, such as US1-2, FR-001, R1-1, a scenario slug or AC3.</param>
/// <param name="Text">The criterion on one trimmed line, Markdown emphasis removed.</param>
public sealed record AcceptanceCriterion(string Id, string Text);
