namespace CiAgent.Specs;

/// <summary>A written spec read offline: what it is called, what it demands, and the text the planner model reads.</summary>
/// <param name="Path">The spec's path relative to the workspace with '/' separators, or "issue #N" for an issue.</param>
/// <param name="Format">The layout the spec was detected to be in.</param>
/// <param name="Title">The spec's title, from its heading, its proposal or its folder name.</param>
/// <param name="Criteria">The acceptance criteria in the order the spec gives them; never empty.</param>
/// <param name="Body">Every relevant file, each under a "## file: name" separator, capped at <see cref="SpecReader.MaxBodyChars"/> characters.</param>
/// <param name="Files">The workspace-relative paths that were read, in the order they appear in the body.</param>
public sealed record Spec(
    string Path,
    SpecFormat Format,
    string Title,
    IReadOnlyList<AcceptanceCriterion> Criteria,
    string Body,
    IReadOnlyList<string> Files);
