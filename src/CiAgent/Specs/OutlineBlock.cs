namespace CiAgent.Specs;

/// <summary>One heading, paragraph or list item of a Markdown file, flattened to a single line of plain text.</summary>
/// <param name="Kind">Heading, paragraph or list item.</param>
/// <param name="Level">The heading level, or for list items how deeply the list is nested (1 = top level); 0 for paragraphs.</param>
/// <param name="Text">The block's own text on one line, emphasis markers removed; for a list item, without its nested lists.</param>
/// <param name="IsOrdered">Whether a list item belongs to a numbered list.</param>
/// <param name="IsTask">Whether a list item is a checklist item ("- [ ]" or "- [x]").</param>
internal sealed record OutlineBlock(OutlineBlockKind Kind, int Level, string Text, bool IsOrdered = false, bool IsTask = false)
{
    /// <summary>The same text split where the source broke lines, for rules that look at line starts ("AC2: …" inside a paragraph).</summary>
    public IReadOnlyList<string> Lines { get; init; } = [Text];

    public bool IsHeading => Kind == OutlineBlockKind.Heading;

    public bool IsListItem => Kind == OutlineBlockKind.ListItem;
}
