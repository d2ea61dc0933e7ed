using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// What a source file declares for the rest of its compilation: its tokens outside member bodies and outside its own (not global)
/// using directives. Two versions with the same shape give every other file the same symbols to bind against.
/// </summary>
internal static class DeclarationShape
{
    /// <summary>True when the two versions of a file differ only inside member bodies and file-local using directives.</summary>
    public static bool Same(SyntaxTree before, SyntaxTree after, CancellationToken cancellationToken) =>
        Tokens(before.GetRoot(cancellationToken)).SequenceEqual(Tokens(after.GetRoot(cancellationToken)), StringComparer.Ordinal);

    // A missing token has empty text, so a repaired declaration differs from the broken one; trivia never counts.
    private static IEnumerable<string> Tokens(SyntaxNode root) =>
        root.DescendantTokens(node => !IsBody(node) && !IsFileLocalUsing(node)).Select(token => token.Text);

    // Bodies of methods, constructors, operators, accessors and expression-bodied members: what they bind stays inside them.
    // Initializers and top-level statements are kept, since they can decide more than their own file sees.
    private static bool IsBody(SyntaxNode node) =>
        node is BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax }
            or ArrowExpressionClauseSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax };

    private static bool IsFileLocalUsing(SyntaxNode node) =>
        node is UsingDirectiveSyntax { GlobalKeyword.RawKind: (int)SyntaxKind.None };
}
