using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Offline;

/// <summary>Works out where a human would add a using directive to a file, and the text to insert there.</summary>
internal static class UsingPlacement
{
    /// <summary>Returns the insertion that adds <c>using {namespaceName};</c> (or an alias, <c>Name = Namespace.Name</c>) to the file, in the file's own line ending.</summary>
    public static TextChange Insertion(CompilationUnitSyntax root, SourceText text, string namespaceName)
    {
        var newLine = LineEnding.Of(text);
        var directive = $"using {namespaceName};";
        var usings = root.Usings.Count > 0
            ? root.Usings
            : root.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Usings ?? default;
        if (usings.Count > 0 && namespaceName.Contains('=', StringComparison.Ordinal))
        {
            // Aliases conventionally follow the namespace imports.
            return LineAfter(usings[^1], text, directive, newLine);
        }

        return usings.Count > 0
            ? AmongUsings(usings, text, directive, namespaceName, newLine)
            : BeforeFirstDeclaration(root, text, directive, newLine);
    }

    private static TextChange AmongUsings(SyntaxList<UsingDirectiveSyntax> usings, SourceText text, string directive, string namespaceName, string newLine)
    {
        var plain = usings.Where(IsPlain).ToList();
        if (plain.Count > 0)
        {
            // Follow the file's own convention: most files put System first, some sort purely alphabetically.
            var names = plain.Select(u => u.NamespaceOrType.ToString()).ToList();
            var systemFirst = IsSorted(names, SystemFirst) || !IsSorted(names, Alphabetical);
            var order = systemFirst ? SystemFirst : Alphabetical;
            var next = plain.FirstOrDefault(u => order.Compare(u.NamespaceOrType.ToString(), namespaceName) > 0);
            return next is not null ? LineBefore(next, text, directive, newLine) : LineAfter(plain[^1], text, directive, newLine);
        }

        // Global usings must precede the others, and aliases/static usings are left where they are.
        var firstLocal = usings.FirstOrDefault(u => u.GlobalKeyword.IsKind(SyntaxKind.None));
        return firstLocal is not null ? LineBefore(firstLocal, text, directive, newLine) : LineAfter(usings[^1], text, directive, newLine);
    }

    private static TextChange BeforeFirstDeclaration(CompilationUnitSyntax root, SourceText text, string directive, string newLine)
    {
        if (root.Externs.Count > 0)
        {
            return LineAfter(root.Externs[^1], text, directive, newLine);
        }

        var first = root.GetFirstToken(includeZeroWidth: true);
        // A doc comment belongs to the declaration below it, so the using goes above it; license headers and #nullable stay above the using.
        var docComment = first.LeadingTrivia.FirstOrDefault(t =>
            t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia));
        var anchor = docComment.RawKind != 0 ? docComment.SpanStart : first.SpanStart;
        var line = text.Lines.GetLineFromPosition(anchor);
        var before = line.LineNumber > 0 && !IsBlank(text, text.Lines[line.LineNumber - 1]) ? newLine : string.Empty;
        var after = first.IsKind(SyntaxKind.EndOfFileToken) ? string.Empty : newLine;
        return new TextChange(new TextSpan(line.Start, 0), before + directive + newLine + after);
    }

    private static TextChange LineBefore(SyntaxNode node, SourceText text, string directive, string newLine)
    {
        var line = text.Lines.GetLineFromPosition(node.SpanStart);
        var indentation = LineEnding.IndentationOf(text, line);
        return new TextChange(new TextSpan(line.Start, 0), indentation + directive + newLine);
    }

    private static TextChange LineAfter(SyntaxNode node, SourceText text, string directive, string newLine)
    {
        var line = text.Lines.GetLineFromPosition(node.Span.End);
        var indentation = LineEnding.IndentationOf(text, text.Lines.GetLineFromPosition(node.SpanStart));
        return line.EndIncludingLineBreak > line.End
            ? new TextChange(new TextSpan(line.EndIncludingLineBreak, 0), indentation + directive + newLine)
            : new TextChange(new TextSpan(line.End, 0), newLine + indentation + directive);
    }

    private static bool IsPlain(UsingDirectiveSyntax u) =>
        u.GlobalKeyword.IsKind(SyntaxKind.None) && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Alias is null && u.NamespaceOrType is not null;

    private static bool IsBlank(SourceText text, TextLine line) => string.IsNullOrWhiteSpace(text.ToString(line.Span));

    private static bool IsSorted(IReadOnlyList<string> names, IComparer<string> order)
    {
        for (var i = 1; i < names.Count; i++)
        {
            if (order.Compare(names[i - 1], names[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static readonly IComparer<string> Alphabetical = Comparer<string>.Create(CompareNames);

    private static readonly IComparer<string> SystemFirst = Comparer<string>.Create((a, b) =>
    {
        var bySystem = IsSystem(b).CompareTo(IsSystem(a));
        return bySystem != 0 ? bySystem : CompareNames(a, b);
    });

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);

    private static int CompareNames(string a, string b)
    {
        var ignoringCase = StringComparer.OrdinalIgnoreCase.Compare(a, b);
        return ignoringCase != 0 ? ignoringCase : StringComparer.Ordinal.Compare(a, b);
    }
}
