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

    /// <summary>
    /// The names through which another project could reach what differs between the two versions' declarations: empty when the
    /// shapes are the same or only private members differ; null when something differs that no name stands for (a global using,
    /// a namespace, an operator, an indexer, a member the compiler calls by pattern such as <c>Deconstruct</c> or <c>GetEnumerator</c>).
    /// </summary>
    public static IReadOnlySet<string>? ChangedNames(SyntaxTree before, SyntaxTree after, CancellationToken cancellationToken)
    {
        var (oldUnowned, oldMembers) = Declarations(before.GetRoot(cancellationToken));
        var (newUnowned, newMembers) = Declarations(after.GetRoot(cancellationToken));
        if (!oldUnowned.SequenceEqual(newUnowned, StringComparer.Ordinal))
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var changed in OneSideOnly(oldMembers, newMembers).Concat(OneSideOnly(newMembers, oldMembers)).Where(d => !d.Private))
        {
            if (changed.Names is null)
            {
                return null;
            }

            names.UnionWith(changed.Names);
        }

        return names;
    }

    // A missing token has empty text, so a repaired declaration differs from the broken one; trivia never counts.
    private static IEnumerable<string> Tokens(SyntaxNode root) => ShapeTokens(root).Select(token => token.Text);

    private static IEnumerable<SyntaxToken> ShapeTokens(SyntaxNode root) => root.DescendantTokens(node => !IsBody(node) && !IsFileLocalUsing(node));

    // Each member's and type's own shape tokens (a type's header and braces, not its members), and the tokens of none.
    private static (List<string> Unowned, List<Declaration> Members) Declarations(SyntaxNode root)
    {
        var unowned = new List<string>();
        var owned = new Dictionary<MemberDeclarationSyntax, List<string>>();
        foreach (var token in ShapeTokens(root))
        {
            var owner = token.Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(m => m is not BaseNamespaceDeclarationSyntax);
            if (owner is null)
            {
                unowned.Add(token.Text);
                continue;
            }

            if (!owned.TryGetValue(owner, out var tokens))
            {
                owned[owner] = tokens = [];
            }

            tokens.Add(token.Text);
        }

        return (unowned, [.. owned.Select(o => new Declaration($"{Container(o.Key)}|{string.Join(' ', o.Value)}", DeclaredNames.Of(o.Key), DeclaredNames.IsPrivate(o.Key)))]);
    }

    private static string Container(SyntaxNode member) =>
        string.Join('.', member.Ancestors().Reverse().Select(a => a switch
        {
            BaseNamespaceDeclarationSyntax ns => ns.Name.ToString(),
            BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
            _ => null,
        }).OfType<string>());

    // The declarations of one side that the other lacks, counting repeats.
    private static IEnumerable<Declaration> OneSideOnly(List<Declaration> side, List<Declaration> other)
    {
        var left = other.GroupBy(d => d.Text, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var declaration in side)
        {
            if (left.TryGetValue(declaration.Text, out var count) && count > 0)
            {
                left[declaration.Text] = count - 1;
            }
            else
            {
                yield return declaration;
            }
        }
    }

    private sealed record Declaration(string Text, IReadOnlyList<string>? Names, bool Private);

    // Bodies of methods, constructors, operators, accessors and expression-bodied members: what they bind stays inside them.
    // Initializers and top-level statements are kept, since they can decide more than their own file sees.
    private static bool IsBody(SyntaxNode node) =>
        node is BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax }
            or ArrowExpressionClauseSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax };

    private static bool IsFileLocalUsing(SyntaxNode node) =>
        node is UsingDirectiveSyntax { GlobalKeyword.RawKind: (int)SyntaxKind.None };
}
