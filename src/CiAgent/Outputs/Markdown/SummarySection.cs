namespace CiAgent.Outputs.Markdown;

/// <summary>One list in a summary, such as the fixes or what is still broken.</summary>
/// <param name="Heading">The section's heading.</param>
/// <param name="Items">One line each, already formatted.</param>
/// <param name="Note">A sentence under the list, or null.</param>
public sealed record SummarySection(string Heading, IReadOnlyList<string> Items, string? Note = null);
