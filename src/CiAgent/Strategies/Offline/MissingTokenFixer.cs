using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Offline;

/// <summary>Inserts a missing <c>;</c>, <c>)</c> or <c>}</c> where the parser, or for braces the indentation, says it belongs.</summary>
public sealed class MissingTokenFixer : IOfflineFixer
{
    private const string SemicolonExpected = "CS1002";
    private const string CloseParenExpected = "CS1026";
    private const string CloseBraceExpected = "CS1513";

    /// <inheritdoc />
    public string Name => "missing-token";

    /// <inheritdoc />
    public IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        var seen = new HashSet<(string Path, int Position, string Token)>();
        foreach (var error in errors)
        {
            ct.ThrowIfCancellationRequested();
            if (error.Location.SourceTree is not { } tree)
            {
                continue;
            }

            var insertions = error.Id switch
            {
                SemicolonExpected => SemicolonInsertions(tree, error, ct),
                CloseParenExpected => [AfterPreviousToken(tree, error, ")", ct)],
                CloseBraceExpected => BraceInsertions(tree, error, ct),
                _ => [],
            };
            foreach (var insertion in insertions)
            {
                if (seen.Add((tree.FilePath, insertion.Span.Start, insertion.NewText!)) && Fix(tree, error, insertion, ct) is { } fix)
                {
                    yield return fix;
                }
            }
        }
    }

    private OfflineFix? Fix(SyntaxTree tree, Diagnostic error, TextChange insertion, CancellationToken ct)
    {
        var text = tree.GetText(ct);
        var newText = text.WithChanges(insertion);
        // The parser is the cheap first judge: an insertion that does not reduce syntax errors is not the missing token.
        if (SyntaxErrorCount(tree.WithChangedText(newText), ct) >= SyntaxErrorCount(tree, ct))
        {
            return null;
        }

        var token = insertion.NewText!.Trim();
        var line = newText.Lines.GetLineFromPosition(insertion.Span.Start + insertion.NewText!.IndexOf(token, StringComparison.Ordinal)).LineNumber + 1;
        return new OfflineFix(
            Name,
            error.Id,
            tree.FilePath,
            line,
            $"Inserted missing `{token}` on line {line}",
            new Dictionary<string, string>(StringComparer.Ordinal) { [tree.FilePath] = newText.ToString() });
    }

    /// <summary>The parser reports a missing token where it noticed the gap, which may be the next line; the token belongs right after the last real token.</summary>
    private static TextChange AfterPreviousToken(SyntaxTree tree, Diagnostic error, string token, CancellationToken ct) =>
        After(PreviousToken(tree, error.Location.SourceSpan.Start, ct), error, token);

    private static TextChange After(SyntaxToken? previous, Diagnostic error, string token) =>
        new(new TextSpan(previous?.Span.End ?? error.Location.SourceSpan.Start, 0), token);

    /// <summary>
    /// A member ending without its <c>;</c> before an attribute on the next line (<c>=&gt; Call()</c>, then <c>[Fact]</c>) parses as the
    /// element access <c>Call()[Fact]</c>, so the parser misses the <c>;</c> after the bracket. A bracketed line of its own is more likely
    /// the next member's attributes, so the place before it is tried first; the engine keeps whichever compiles.
    /// </summary>
    private static IEnumerable<TextChange> SemicolonInsertions(SyntaxTree tree, Diagnostic error, CancellationToken ct)
    {
        var text = tree.GetText(ct);
        var previous = PreviousToken(tree, error.Location.SourceSpan.Start, ct);
        if (previous is { } close
            && close.IsKind(SyntaxKind.CloseBracketToken)
            && close.Parent is BracketedArgumentListSyntax { OpenBracketToken: var open }
            && open.GetPreviousToken() is { RawKind: not 0 } before
            // Only white space before the bracket on its line: the token before it then ends on an earlier line.
            && string.IsNullOrWhiteSpace(text.ToString(TextSpan.FromBounds(text.Lines.GetLineFromPosition(open.SpanStart).Start, open.SpanStart))))
        {
            yield return new TextChange(new TextSpan(before.Span.End, 0), ";");
        }

        yield return After(previous, error, ";");
    }

    private static SyntaxToken? PreviousToken(SyntaxTree tree, int position, CancellationToken ct) =>
        tree.GetRoot(ct).DescendantTokens()
            .Where(t => !t.IsMissing && t.Span.Length > 0 && t.Span.End <= position)
            .Select(t => (SyntaxToken?)t)
            .LastOrDefault();

    /// <summary>Indentation-based places first, then the parser's own location as a fallback.</summary>
    private static IEnumerable<TextChange> BraceInsertions(SyntaxTree tree, Diagnostic error, CancellationToken ct)
    {
        var text = tree.GetText(ct);
        foreach (var insertion in UnclosedBraceLocator.Insertions(tree.GetRoot(ct), text))
        {
            yield return insertion;
        }

        var position = error.Location.SourceSpan.Start;
        var newLine = LineEnding.Of(text);
        // The parser reports a class's missing brace after its last token; when only whitespace follows, the brace gets its own last line.
        if (string.IsNullOrWhiteSpace(text.ToString(TextSpan.FromBounds(Math.Min(position, text.Length), text.Length))))
        {
            var endsWithNewLine = text.Length > 0 && text[^1] == '\n';
            yield return new TextChange(new TextSpan(text.Length, 0), (endsWithNewLine ? string.Empty : newLine) + "}" + newLine);
        }
        else
        {
            yield return AfterPreviousToken(tree, error, "}", ct);
        }
    }

    private static int SyntaxErrorCount(SyntaxTree tree, CancellationToken ct) =>
        tree.GetDiagnostics(tree.GetRoot(ct)).Count(d => d.Severity == DiagnosticSeverity.Error);
}
