using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Offline;

/// <summary>Uses indentation to find where a block that lost its closing brace should have ended.</summary>
/// <remarks>
/// The parser cannot know: a method missing its <c>}</c> swallows the next method as a local function and reports the
/// class's brace missing at end of file. Indentation records what the author meant, so a <c>{</c> ending a line is taken
/// to close at the first later line indented at or left of the line that opened it; if that line is not a <c>}</c> at
/// the same indentation, the brace is missing just before it.
/// </remarks>
internal static class UnclosedBraceLocator
{
    private const int TabWidth = 4;

    /// <summary>Insertions of a <c>}</c> line, one per brace that indentation says is unclosed, in file order.</summary>
    public static IEnumerable<TextChange> Insertions(SyntaxNode root, SourceText text)
    {
        var newLine = LineEnding.Of(text);
        foreach (var brace in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.OpenBraceToken) && !t.IsMissing))
        {
            var braceLine = text.Lines.GetLineFromPosition(brace.SpanStart);
            // Only braces that end their line open a multi-line block; `{ get; set; }` closes on its own line.
            var next = brace.GetNextToken();
            if (!next.IsKind(SyntaxKind.EndOfFileToken) && next.SpanStart <= braceLine.End)
            {
                continue;
            }

            var openerLine = OpenerLine(brace, text, braceLine);
            var indentation = LineEnding.IndentationOf(text, openerLine);
            var width = Width(indentation);
            var closing = FirstLineAtOrLeftOf(root, text, braceLine.LineNumber + 1, width);
            if (closing is not { } line)
            {
                continue;
            }

            var lineIndentation = LineEnding.IndentationOf(text, line);
            var startsWithBrace = line.Start + lineIndentation.Length < line.End && text[line.Start + lineIndentation.Length] == '}';
            if (startsWithBrace && Width(lineIndentation) == width)
            {
                continue;
            }

            var lastContent = LastNonBlankBefore(text, line.LineNumber, braceLine.LineNumber);
            yield return new TextChange(new TextSpan(lastContent.End, 0), newLine + indentation + "}");
        }
    }

    /// <summary>The line whose indentation the block's closing brace should share.</summary>
    private static TextLine OpenerLine(SyntaxToken brace, SourceText text, TextLine braceLine)
    {
        // Allman style: the brace sits alone at the opener's indentation.
        var firstOnLine = string.IsNullOrWhiteSpace(text.ToString(TextSpan.FromBounds(braceLine.Start, brace.SpanStart)));
        if (firstOnLine)
        {
            return braceLine;
        }

        // K&R style: `if (x) {` or `void M() {` closes at the indentation of the line where that construct starts.
        var owner = brace.Parent is BlockSyntax { Parent: { } parent } && parent is not BlockSyntax
            ? parent
            : brace.Parent!;
        var start = owner.GetFirstToken().SpanStart;
        return text.Lines.GetLineFromPosition(start <= brace.SpanStart ? start : brace.SpanStart);
    }

    private static TextLine? FirstLineAtOrLeftOf(SyntaxNode root, SourceText text, int fromLine, int width)
    {
        for (var i = fromLine; i < text.Lines.Count; i++)
        {
            var line = text.Lines[i];
            var indentation = LineEnding.IndentationOf(text, line);
            var contentStart = line.Start + indentation.Length;
            if (contentStart >= line.End || !IsCode(root, text, contentStart))
            {
                continue;
            }

            if (Width(indentation) <= width)
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>False for lines that start inside a multi-line string or comment, disabled code, or a preprocessor directive: their indentation means nothing.</summary>
    private static bool IsCode(SyntaxNode root, SourceText text, int position)
    {
        if (text[position] == '#')
        {
            return false;
        }

        var token = root.FindToken(position, findInsideTrivia: false);
        if (token.Span.Contains(position) && token.SpanStart < position)
        {
            return false;
        }

        var trivia = root.FindTrivia(position);
        return !(trivia.IsKind(SyntaxKind.DisabledTextTrivia)
            || (trivia.SpanStart < position && trivia.Span.Contains(position)
                && (trivia.IsKind(SyntaxKind.MultiLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))));
    }

    private static TextLine LastNonBlankBefore(SourceText text, int lineNumber, int floor)
    {
        for (var i = lineNumber - 1; i > floor; i--)
        {
            if (!string.IsNullOrWhiteSpace(text.ToString(text.Lines[i].Span)))
            {
                return text.Lines[i];
            }
        }

        return text.Lines[floor];
    }

    private static int Width(string indentation) => indentation.Sum(c => c == '\t' ? TabWidth : 1);
}
