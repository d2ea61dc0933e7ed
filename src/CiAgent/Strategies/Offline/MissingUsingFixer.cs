using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// Adds a using directive when a missing type, static class or extension member lives in exactly one namespace the file does not import,
/// or, for a type, in one namespace clearly nearer than the others to those the file already uses.
/// </summary>
public sealed class MissingUsingFixer : IOfflineFixer
{
    private const string TypeNotFound = "CS0246";
    private const string NameNotFound = "CS0103";
    private const string MemberNotFound = "CS1061";
    private const string Inaccessible = "CS0122";
    private const string Ambiguous = "CS0104";

    /// <inheritdoc />
    public string Name => "missing-using";

    /// <inheritdoc />
    public IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        var catalog = new TypeCatalog(compilation);
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var needs = new List<Need>();
        foreach (var error in errors)
        {
            ct.ThrowIfCancellationRequested();
            if (error.Id is not (TypeNotFound or NameNotFound or MemberNotFound or Inaccessible or Ambiguous) || error.Location.SourceTree is not { } tree)
            {
                continue;
            }

            if (!models.TryGetValue(tree, out var model))
            {
                model = models[tree] = compilation.GetSemanticModel(tree);
            }

            var node = tree.GetRoot(ct).FindNode(error.Location.SourceSpan, getInnermostNodeForTie: true);
            var found = error.Id switch
            {
                MemberNotFound => ExtensionNamespace(node, model, catalog, ct),
                Ambiguous => OwnTypeAlias(node, model, compilation, ct),
                _ => TypeNamespace(node, model, catalog, ct),
            };
            // An alias is needed exactly because the namespace is imported already; a plain using only when it is not.
            if (found is { } f && (f.Namespace.Contains('=', StringComparison.Ordinal) || !IsImported(model, node.SpanStart, f.Namespace, ct)))
            {
                needs.Add(new Need(error, tree, f.Namespace, f.What));
            }
        }

        // One proposal per namespace, however many errors it explains; all files first, then each file alone in case one file rejects it.
        foreach (var group in needs.GroupBy(n => n.Namespace, StringComparer.Ordinal))
        {
            var sites = group.ToList();
            var byTree = sites.GroupBy(s => s.Tree).ToList();
            yield return Fix(group.Key, sites, byTree, ct);
            if (byTree.Count > 1)
            {
                foreach (var single in byTree)
                {
                    yield return Fix(group.Key, single.ToList(), [single], ct);
                }
            }
        }
    }

    private OfflineFix Fix(string ns, List<Need> sites, IEnumerable<IGrouping<SyntaxTree, Need>> byTree, CancellationToken ct)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fileSites in byTree)
        {
            var text = fileSites.Key.GetText(ct);
            var root = (CompilationUnitSyntax)fileSites.Key.GetRoot(ct);
            documents[fileSites.Key.FilePath] = text.WithChanges(UsingPlacement.Insertion(root, text, ns)).ToString();
        }

        var what = string.Join(", ", sites.Select(s => s.What).Distinct(StringComparer.Ordinal));
        return OfflineFix.AtError(Name, sites[0].Error, $"Added `using {ns};` for {what}", documents);
    }

    /// <summary>
    /// An alias that settles an ambiguous type name (CS0104) in favour of the one candidate the project declares itself, as
    /// <c>Name = Namespace.Name</c>; null when none or several candidates are the project's own.
    /// </summary>
    private static (string Namespace, string What)? OwnTypeAlias(SyntaxNode node, SemanticModel model, CSharpCompilation compilation, CancellationToken ct)
    {
        if (node is not IdentifierNameSyntax name || IsQualifiedOnTheLeft(name))
        {
            return null;
        }

        var own = model.GetSymbolInfo(name, ct).CandidateSymbols
            .OfType<INamedTypeSymbol>()
            .Where(t => SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, compilation.Assembly) && t.ContainingType is null)
            .ToList();
        // An alias names one closed type, so a generic candidate (Timer<T>) would need its type arguments: not attempted.
        return own.Count == 1 && own[0].Arity == 0 && !own[0].ContainingNamespace.IsGlobalNamespace
            ? ($"{name.Identifier.ValueText} = {own[0].ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}", name.Identifier.ValueText)
            : null;
    }

    /// <summary>
    /// The namespace of a type named at the node (CS0246; CS0103 for a static class such as Path; CS0122 when an inaccessible type of
    /// that name in a reference hides it), when exactly one accessible type of that name fits, or when one of several is settled
    /// by the namespaces the file uses (<see cref="NamespaceTie"/>).
    /// </summary>
    private static (string Namespace, string What)? TypeNamespace(SyntaxNode node, SemanticModel model, TypeCatalog catalog, CancellationToken ct)
    {
        if (node is not SimpleNameSyntax name || IsQualifiedOnTheLeft(name))
        {
            return null;
        }

        var identifier = name.Identifier.ValueText;
        var arity = name is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0;
        // [Obsolete] names ObsoleteAttribute; the compiler tries both spellings, so do we.
        var spellings = name.Parent is AttributeSyntax attribute && attribute.Name == name && !identifier.EndsWith("Attribute", StringComparison.Ordinal)
            ? new[] { identifier, identifier + "Attribute" }
            : [identifier];
        var namespaces = spellings
            .SelectMany(s => catalog.TypesNamed(s, arity))
            .Select(t => t.ContainingNamespace.ToDisplayString())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (namespaces.Count == 1)
        {
            return (namespaces[0], identifier);
        }

        // Only a type is settled this way: a wrong type usually fails the in-memory check on its members, while two extension
        // members both already apply to the receiver, so a wrong pick among them would compile.
        if (namespaces.Count < 2)
        {
            return null;
        }

        if (NamespaceTie.Settle(namespaces, NamespacesInUse(model, name.SpanStart, ct)) is var (chosen, near))
        {
            return (chosen, $"{identifier} (nearest {near}; also in {AlsoIn(namespaces, chosen)})");
        }

        return UsageTie.Settle(model.Compilation, name.SyntaxTree, spellings, namespaces, ct) is { } used
            ? (used, $"{identifier} (as the project's other files use it; also in {AlsoIn(namespaces, used)})")
            : null;
    }

    private static string AlsoIn(IEnumerable<string> namespaces, string chosen) =>
        string.Join(", ", namespaces.Where(n => n != chosen).Order(StringComparer.Ordinal));

    /// <summary>The namespaces imported where the position is (global usings included) and the namespace the code there is declared in.</summary>
    private static IEnumerable<string> NamespacesInUse(SemanticModel model, int position, CancellationToken ct)
    {
        var imported = model.GetImportScopes(position, ct)
            .SelectMany(scope => scope.Imports)
            .Select(import => import.NamespaceOrType)
            .OfType<INamespaceSymbol>();
        var enclosing = model.GetEnclosingSymbol(position, ct);
        var own = enclosing as INamespaceSymbol ?? enclosing?.ContainingNamespace;
        return imported.Append(own).OfType<INamespaceSymbol>().Where(ns => !ns.IsGlobalNamespace).Select(ns => ns.ToDisplayString());
    }

    /// <summary>The namespace of an extension member that applies to the receiver (CS1061), when exactly one namespace declares one.</summary>
    private static (string Namespace, string What)? ExtensionNamespace(SyntaxNode node, SemanticModel model, TypeCatalog catalog, CancellationToken ct)
    {
        if (node is not SimpleNameSyntax name || name.Parent is not MemberAccessExpressionSyntax access || access.Name != name)
        {
            return null;
        }

        // Extension members are found on values, not on types: Type.Member is a different error.
        if (model.GetSymbolInfo(access.Expression, ct).Symbol is ITypeSymbol)
        {
            return null;
        }

        var receiver = model.GetTypeInfo(access.Expression, ct).Type;
        if (receiver is null || receiver.TypeKind == TypeKind.Error)
        {
            return null;
        }

        var member = name.Identifier.ValueText;
        var namespaces = catalog.StaticClasses
            .Where(c => DeclaresExtensionFor(c, member, receiver, catalog))
            .Select(c => c.ContainingNamespace)
            .Where(ns => !ns.IsGlobalNamespace)
            .Select(ns => ns.ToDisplayString())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return namespaces.Count == 1 ? (namespaces[0], member) : null;
    }

    private static bool DeclaresExtensionFor(INamedTypeSymbol staticClass, string member, ITypeSymbol receiver, TypeCatalog catalog)
    {
        // Classic `this` parameter extension methods: ReduceExtensionMethod returns null when the receiver does not fit the `this` parameter.
        var classic = staticClass.GetMembers(member).OfType<IMethodSymbol>()
            .Any(m => m.IsExtensionMethod && catalog.IsAccessible(m) && m.ReduceExtensionMethod(receiver) is not null);
        if (classic)
        {
            return true;
        }

        // C# 14 extension blocks: nested extension types whose instance members reduce to the receiver.
        return staticClass.GetTypeMembers()
            .Where(t => t.IsExtension)
            .SelectMany(t => t.GetMembers(member))
            .Where(m => !m.IsStatic && catalog.IsAccessible(m))
            .Any(m => m switch
            {
                IMethodSymbol method => method.ReduceExtensionMember(receiver) is not null,
                IPropertySymbol property => property.ReduceExtensionMember(receiver) is not null,
                _ => false,
            });
    }

    /// <summary>True for the right-hand part of A.B: a using cannot help there, the qualifier decides.</summary>
    private static bool IsQualifiedOnTheLeft(SimpleNameSyntax name) =>
        name.Parent switch
        {
            QualifiedNameSyntax q => q.Right == name,
            MemberAccessExpressionSyntax m => m.Name == name,
            AliasQualifiedNameSyntax a => a.Name == name,
            _ => false,
        };

    private static bool IsImported(SemanticModel model, int position, string ns, CancellationToken ct) =>
        model.GetImportScopes(position, ct)
            .SelectMany(scope => scope.Imports)
            .Any(import => import.NamespaceOrType is INamespaceSymbol imported && imported.ToDisplayString() == ns);

    private sealed record Need(Diagnostic Error, SyntaxTree Tree, string Namespace, string What);
}
