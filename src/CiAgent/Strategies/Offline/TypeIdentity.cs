using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// A type's full metadata name (Stateless.StateMachine`2+Transition), read the same way from a declaration in a file and from a symbol,
/// so an old version of a file parsed on its own can be matched with a type the compilation binds, whether from source or from an assembly.
/// </summary>
internal static class TypeIdentity
{
    /// <summary>The full metadata name of a type declared in syntax.</summary>
    public static string Of(TypeDeclarationSyntax declaration)
    {
        var types = declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Reverse()
            .Select(t => t.Arity == 0 ? t.Identifier.ValueText : $"{t.Identifier.ValueText}`{t.Arity}");
        var namespaces = declaration.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => TokenText(n.Name));
        return Join(string.Join('.', namespaces), string.Join('+', types));
    }

    /// <summary>The full metadata name of a type symbol's definition (List`1 for List&lt;int&gt;).</summary>
    public static string Of(INamedTypeSymbol type)
    {
        var types = new Stack<string>();
        for (var t = type.OriginalDefinition; t is not null; t = t.ContainingType)
        {
            types.Push(t.MetadataName);
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : string.Empty;
        return Join(ns, string.Join('+', types));
    }

    /// <summary>A node's tokens without trivia, so layout never makes two spellings of the same type differ.</summary>
    public static string TokenText(SyntaxNode node) => string.Concat(node.DescendantTokens().Select(t => t.Text));

    private static string Join(string ns, string types) => ns.Length == 0 ? types : $"{ns}.{types}";
}
