using System.Text;
using CiAgent.Kernel;
using Markdig;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CiAgent.Specs;

/// <summary>A Markdown file as the ordered headings, paragraphs and list items that criteria are read from.</summary>
/// <remarks>
/// Flattening Markdig's tree into one sequence lets each format's rules be a simple walk ("after this heading, the
/// numbered items") while still relying on the parser for what is a heading, a list item or emphasis.
/// </remarks>
internal sealed class MarkdownOutline
{
    // Task lists so "- [ ]" is known as a checklist; front matter so a leading "---" block is not read as a heading.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseTaskLists().UseYamlFrontMatter().Build();

    private MarkdownOutline(IReadOnlyList<OutlineBlock> blocks) => Blocks = blocks;

    /// <summary>The blocks in document order.</summary>
    public IReadOnlyList<OutlineBlock> Blocks { get; }

    /// <summary>The text of the first level-1 heading, or null when there is none.</summary>
    public string? FirstTitle => Blocks.FirstOrDefault(block => block.IsHeading && block.Level == 1)?.Text;

    public static MarkdownOutline Parse(string markdown)
    {
        var blocks = new List<OutlineBlock>();
        Collect(Markdown.Parse(markdown, Pipeline), listDepth: 0, blocks);
        return new MarkdownOutline(blocks);
    }

    private static void Collect(ContainerBlock container, int listDepth, List<OutlineBlock> blocks)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    Add(blocks, new OutlineBlock(OutlineBlockKind.Heading, heading.Level, PlainText(heading.Inline)));
                    break;
                case ParagraphBlock paragraph when listDepth == 0:
                    var lines = PlainLines(paragraph.Inline);
                    Add(blocks, new OutlineBlock(OutlineBlockKind.Paragraph, 0, string.Join(' ', lines)) { Lines = lines });
                    break;
                case ListBlock list:
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        AddListItem(item, list.IsOrdered, listDepth + 1, blocks);
                    }

                    break;
                case QuoteBlock quote:
                    Collect(quote, listDepth, blocks);
                    break;
            }
        }
    }

    private static void AddListItem(ListItemBlock item, bool isOrdered, int depth, List<OutlineBlock> blocks)
    {
        // The item's own text is its paragraphs; nested lists follow as their own, deeper items.
        var paragraphs = item.OfType<ParagraphBlock>().ToList();
        var isTask = paragraphs.FirstOrDefault()?.Inline?.FirstChild is TaskList;
        var lines = paragraphs.SelectMany(paragraph => PlainLines(paragraph.Inline)).ToList();
        Add(blocks, new OutlineBlock(OutlineBlockKind.ListItem, depth, string.Join(' ', lines), isOrdered, isTask) { Lines = lines });
        foreach (var child in item)
        {
            switch (child)
            {
                case ListBlock nested:
                    foreach (var nestedItem in nested.OfType<ListItemBlock>())
                    {
                        AddListItem(nestedItem, nested.IsOrdered, depth + 1, blocks);
                    }

                    break;
                case QuoteBlock quote:
                    Collect(quote, depth, blocks);
                    break;
            }
        }
    }

    private static void Add(List<OutlineBlock> blocks, OutlineBlock block)
    {
        if (block.Text.Length > 0 || block.IsHeading)
        {
            blocks.Add(block);
        }
    }

    /// <summary>The inline content as one trimmed line: emphasis dropped, code kept in backticks, HTML comments left out.</summary>
    public static string PlainText(ContainerInline? inlines) => string.Join(' ', PlainLines(inlines));

    /// <summary>The inline content as plain text, one entry per non-blank source line.</summary>
    private static List<string> PlainLines(ContainerInline? inlines)
    {
        var text = new StringBuilder();
        AppendPlain(inlines, text);
        return text.ToString().Split('\n').Select(TextShape.OneLine).Where(line => line.Length > 0).ToList();
    }


    private static void AppendPlain(ContainerInline? container, StringBuilder text)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case TaskList:
                    break;
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append('`').Append(TextShape.OneLine(code.Content)).Append('`');
                    break;
                case LineBreakInline:
                    text.Append('\n');
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case HtmlInline:
                    break;
                case ContainerInline nested:
                    // Emphasis and links: keep what the reader sees, not the markers or the target.
                    AppendPlain(nested, text);
                    break;
            }
        }
    }
}
