namespace CiAgent.Specs;

/// <summary>What kind of Markdown block an <see cref="OutlineBlock"/> stands for.</summary>
internal enum OutlineBlockKind
{
    Heading,
    Paragraph,
    ListItem,
}
