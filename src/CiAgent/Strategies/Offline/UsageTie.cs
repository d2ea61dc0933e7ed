using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// Settles a type name found in several namespaces by how the project's other files already use that name: the candidate every
/// bound use elsewhere resolves to, when they all resolve to one; uses inside a candidate's own namespace do not count.
/// </summary>
/// <remarks>
/// GuardClauses carries JetBrains' internal <c>NotNullAttribute</c> beside the framework's; a file that lost
/// <c>using System.Diagnostics.CodeAnalysis;</c> means the one its sibling files' <c>[NotNull]</c> binds to. The compiler's own
/// binding of those uses is the evidence, not a guess from names.
/// </remarks>
internal static class UsageTie
{
    // Enough uses to be sure of the project's habit, few enough to keep the bind cheap in a large project.
    private const int MaxUses = 24;

    /// <summary>The one candidate namespace the bound uses of the name in other files resolve to; null when there are none or they differ.</summary>
    public static string? Settle(Compilation compilation, SyntaxTree broken, IReadOnlyCollection<string> spellings, IReadOnlyList<string> candidates, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var uses = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree == broken || !spellings.Any(s => tree.GetText(ct).ToString().Contains(s, StringComparison.Ordinal)))
            {
                continue;
            }

            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot(ct).DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => spellings.Contains(n.Identifier.ValueText)))
            {
                if (BoundType(model, name, ct) is { } type && type.ContainingNamespace.ToDisplayString() is var declared
                    && candidates.Contains(declared) && !Inside(model.GetEnclosingSymbol(name.SpanStart, ct), declared))
                {
                    found.Add(declared);
                }

                if (++uses >= MaxUses || found.Count > 1)
                {
                    return found.Count == 1 ? found.Single() : null;
                }
            }
        }

        return found.Count == 1 ? found.Single() : null;
    }

    // Code inside the declaring namespace sees the type without a using, so it says nothing of which one files outside import:
    // JetBrains' annotations file marks its own parameters [NotNull].
    private static bool Inside(ISymbol? enclosing, string declared)
    {
        var own = (enclosing as INamespaceSymbol ?? enclosing?.ContainingNamespace)?.ToDisplayString() ?? "";
        return own == declared || own.StartsWith(declared + ".", StringComparison.Ordinal);
    }

    // An attribute's name binds to its constructor; any other type name to the type.
    private static INamedTypeSymbol? BoundType(SemanticModel model, IdentifierNameSyntax name, CancellationToken ct) =>
        model.GetSymbolInfo(name, ct).Symbol switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => constructor.ContainingType,
            INamedTypeSymbol type => type,
            _ => null,
        };
}
