namespace CiAgent.Settings;

/// <summary>The settings only `ciagent implement` reads.</summary>
public sealed record ImplementSection
{
    /// <summary>The spec: a Markdown file or a Spec Kit, OpenSpec or Kiro folder, relative to the workspace; null when the spec comes from an event payload.</summary>
    public string? SpecPath { get; init; }

    /// <summary>A GitHub event payload whose issue is the spec (the action's `spec: issue`), or null.</summary>
    public string? SpecEventPath { get; init; }

    /// <summary>What to do when the planner has questions: assume and go on, or stop and ask.</summary>
    public AmbiguityPolicy OnAmbiguity { get; init; } = AmbiguityPolicy.Assume;

    /// <summary>How many times a rejected review sends the change back to a fresh coder.</summary>
    public int MaxReviewRounds { get; init; } = 2;
}
