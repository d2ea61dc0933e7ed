using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>Looks up top-level types the compilation can see, in its own source and in every referenced assembly.</summary>
internal sealed class TypeCatalog
{
    private readonly CSharpCompilation _compilation;
    private readonly Lazy<IReadOnlyList<INamespaceSymbol>> _namespaces;
    private readonly Lazy<IReadOnlyList<INamedTypeSymbol>> _staticClasses;

    /// <summary>Creates a catalog over one compilation; the namespace walk happens on first use.</summary>
    public TypeCatalog(CSharpCompilation compilation)
    {
        _compilation = compilation;
        _namespaces = new(() => NonGlobalNamespaces(compilation.GlobalNamespace).ToArray());
        _staticClasses = new(() => _namespaces.Value
            .SelectMany(ns => ns.GetTypeMembers())
            .Where(t => t.IsStatic && t.TypeKind == TypeKind.Class && t.Arity == 0 && IsAccessible(t))
            .ToArray());
    }

    /// <summary>Accessible top-level types with this name and arity, outside the global namespace (which needs no using).</summary>
    public IEnumerable<INamedTypeSymbol> TypesNamed(string name, int arity) =>
        _namespaces.Value.SelectMany(ns => ns.GetTypeMembers(name, arity)).Where(IsAccessible);

    /// <summary>Accessible top-level, non-generic static classes: the only places extension members can be declared.</summary>
    public IReadOnlyList<INamedTypeSymbol> StaticClasses => _staticClasses.Value;

    /// <summary>True when code in the compilation's own assembly may use the symbol.</summary>
    public bool IsAccessible(ISymbol symbol) => _compilation.IsSymbolAccessibleWithin(symbol, _compilation.Assembly);

    private static IEnumerable<INamespaceSymbol> NonGlobalNamespaces(INamespaceSymbol root)
    {
        var pending = new Stack<INamespaceSymbol>(root.GetNamespaceMembers());
        while (pending.Count > 0)
        {
            var ns = pending.Pop();
            yield return ns;
            foreach (var child in ns.GetNamespaceMembers())
            {
                pending.Push(child);
            }
        }
    }
}
