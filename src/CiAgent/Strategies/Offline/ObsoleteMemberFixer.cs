using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>Calls the replacement an [Obsolete("Use X instead")] message names, when warnings are errors and exactly one named member fits the use.</summary>
public sealed partial class ObsoleteMemberFixer : IOfflineFixer
{
    // CS0612 is an [Obsolete] without a message, which names nothing to call instead, so only CS0618 can be fixed.
    private const string ObsoleteWithMessage = "CS0618";

    /// <inheritdoc />
    public string Name => "obsolete-member";

    /// <inheritdoc />
    public IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var uses = new List<Use>();
        foreach (var error in errors)
        {
            ct.ThrowIfCancellationRequested();
            if (error.Id != ObsoleteWithMessage || error.Location.SourceTree is not { } tree)
            {
                continue;
            }

            if (!models.TryGetValue(tree, out var model))
            {
                model = models[tree] = compilation.GetSemanticModel(tree);
            }

            if (Locate(tree.GetRoot(ct).FindNode(error.Location.SourceSpan, getInnermostNodeForTie: true)) is { } name
                && model.GetSymbolInfo(name, ct).Symbol is { Kind: SymbolKind.Method or SymbolKind.Property or SymbolKind.Field } symbol)
            {
                uses.Add(new Use(error, model, name, symbol));
            }
        }

        // Every use of the same obsolete member moves to the same replacement in one fix, across files.
        foreach (var group in uses.GroupBy(u => Original(u.Symbol), SymbolEqualityComparer.Default))
        {
            var sites = group.ToList();
            var named = NamedReplacements(Message(group.Key!), group.Key!);
            // A name fits when every site can call some member of that name the way it called the obsolete one.
            var fitting = named.Where(candidate => sites.All(site => Candidates(site, candidate, ct).Any(c => Compatible(site.Symbol, c, compilation)))).ToList();
            if (fitting.Count == 1)
            {
                yield return Fix(sites, fitting[0], ct);
            }
        }
    }

    private OfflineFix Fix(List<Use> sites, string replacement, CancellationToken ct)
    {
        var obsolete = sites[0].Symbol;
        var type = obsolete.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return OfflineFix.Renaming(
            Name,
            [.. sites.Select(s => (s.Error, s.Name.Identifier))],
            replacement,
            $"Replaced obsolete `{obsolete.Name}` with `{replacement}` on {type}, as its [Obsolete] message says",
            ct);
    }

    /// <summary>The name a CS0618 points at: N, x.N, x?.N, or the name of a called member.</summary>
    private static SimpleNameSyntax? Locate(SyntaxNode node) =>
        node switch
        {
            SimpleNameSyntax name => name,
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            InvocationExpressionSyntax call => Locate(call.Expression),
            _ => null,
        };

    private static ISymbol Original(ISymbol symbol) => symbol is IMethodSymbol { ReducedFrom: { } extension } ? extension : symbol.OriginalDefinition;

    private static string Message(ISymbol symbol) =>
        Original(symbol).GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.ObsoleteAttribute")?
            .ConstructorArguments.FirstOrDefault().Value as string ?? string.Empty;

    /// <summary>Member names the message offers as the way forward ("Use X instead", "call `T.X()`", "replaced by X"), the obsolete one excluded.</summary>
    private static IReadOnlyList<string> NamedReplacements(string message, ISymbol obsolete) =>
        Replacement().Matches(message)
            .SelectMany(m => m.Groups["name"].Captures)
            .Select(c => c.Value.Split('.'))
            // T.X names X on T: only a qualifier that is the obsolete member's own type (or none) keeps the call on the same receiver.
            .Where(parts => parts.Length == 1 || parts[^2] == obsolete.ContainingType.Name)
            .Select(parts => parts[^1])
            .Where(name => name != obsolete.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Members called <paramref name="name"/> that the site could reach the way it reached the obsolete member.</summary>
    private static IEnumerable<ISymbol> Candidates(Use site, string name, CancellationToken ct)
    {
        var position = site.Name.SpanStart;
        var receiver = site.Name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == site.Name => access.Expression,
            _ => null,
        };
        if (receiver is null)
        {
            return site.Model.LookupSymbols(position, name: name);
        }

        return site.Model.GetSymbolInfo(receiver, ct).Symbol is ITypeSymbol type
            ? site.Model.LookupStaticMembers(position, type, name)
            : site.Model.GetTypeInfo(receiver, ct).Type is { } instance
                ? site.Model.LookupSymbols(position, instance, name, includeReducedExtensionMethods: true)
                : [];
    }

    /// <summary>True when the candidate is the same kind of member with the same shape, so swapping the name keeps the call's meaning.</summary>
    private static bool Compatible(ISymbol obsolete, ISymbol candidate, CSharpCompilation compilation)
    {
        if (candidate.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.ObsoleteAttribute") || candidate.IsStatic != obsolete.IsStatic)
        {
            return false;
        }

        return (obsolete, candidate) switch
        {
            (IMethodSymbol old, IMethodSymbol now) =>
                now.MethodKind == old.MethodKind
                && now.Arity == old.Arity
                && now.Parameters.Length == old.Parameters.Length
                && now.Parameters.Zip(old.Parameters).All(p => p.First.RefKind == p.Second.RefKind && SymbolEqualityComparer.Default.Equals(p.First.Type, p.Second.Type))
                && Returns(now.ReturnType, old.ReturnType, compilation),
            (IPropertySymbol old, IPropertySymbol now) => !now.IsIndexer && !old.IsIndexer && Returns(now.Type, old.Type, compilation),
            (IFieldSymbol old, IFieldSymbol now) => Returns(now.Type, old.Type, compilation),
            (IFieldSymbol old, IPropertySymbol now) => !now.IsIndexer && Returns(now.Type, old.Type, compilation),
            (IPropertySymbol old, IFieldSymbol now) => !old.IsIndexer && Returns(now.Type, old.Type, compilation),
            _ => false,
        };
    }

    private static bool Returns(ITypeSymbol now, ITypeSymbol old, CSharpCompilation compilation) =>
        SymbolEqualityComparer.Default.Equals(now, old) || compilation.ClassifyConversion(now, old) is { IsImplicit: true, IsUserDefined: false };

    // "Use A or B instead" names two: every name in the list is captured, so two that fit are seen as two and nothing is guessed.
    [GeneratedRegex(@"\b(?:[Uu]se|[Cc]all|replaced (?:by|with)|superseded by|in favou?r of)\s+(?:the\s+)?(?:`?(?<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?:\([^()]*\))?`?(?:\s*,\s*|\s+or\s+|\s+and\s+)?)+", RegexOptions.CultureInvariant)]
    private static partial Regex Replacement();

    private sealed record Use(Diagnostic Error, SemanticModel Model, SimpleNameSyntax Name, ISymbol Symbol);
}
