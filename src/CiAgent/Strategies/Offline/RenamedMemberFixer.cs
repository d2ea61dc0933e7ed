using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>Renames uses of a member that no longer exists to the one member of the same kind whose name is close to it.</summary>
public sealed class RenamedMemberFixer : IOfflineFixer
{
    private const string InstanceMemberNotFound = "CS1061";
    private const string MemberNotFound = "CS0117";
    private const string NameNotFound = "CS0103";

    /// <inheritdoc />
    public string Name => "renamed-member";

    /// <inheritdoc />
    public IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var renames = new List<(MemberSite Site, string Replacement, INamedTypeSymbol Declaring)>();
        foreach (var error in errors)
        {
            ct.ThrowIfCancellationRequested();
            if (error.Id is not (InstanceMemberNotFound or MemberNotFound or NameNotFound) || error.Location.SourceTree is not { } tree)
            {
                continue;
            }

            if (!models.TryGetValue(tree, out var model))
            {
                model = models[tree] = compilation.GetSemanticModel(tree);
            }

            if (MemberUse.Locate(error, model, ct) is { } site && Replacement(site) is { } replacement)
            {
                renames.Add((site, replacement.Name, replacement.Declaring));
            }
        }

        // Every use of the same old name that maps to the same member is renamed in one go: o.Name elsewhere, a bare Name in the
        // declaring type's constructor and in a derived type are one rename, across all files.
        var groups = renames.GroupBy(r => (r.Site.Name, r.Replacement, r.Declaring), new RenameKeyComparer());
        foreach (var group in groups)
        {
            yield return Fix([.. group.Select(r => r.Site)], group.Key.Replacement, group.Key.Declaring, ct);
        }
    }

    // A name qualifies when some overload of it fits the use: o.GetTotl() and o.GetTotl(1m) may map to two overloads of GetTotal.
    private static (string Name, INamedTypeSymbol Declaring)? Replacement(MemberSite site)
    {
        var fitting = site.Model.LookupMembers(site).Where(m => MemberUse.Fits(m, site)).ToList();
        if (NameSimilarity.PickUnique(site.Name, fitting.Select(m => m.Name)) is not { } name)
        {
            return null;
        }

        // A bare camelCase name is a local's or parameter's spelling: turning `name` into the property `Name` would compile and mean something else.
        if (site.IsUnqualified && char.IsUpper(site.Name[0]) != char.IsUpper(name[0]))
        {
            return null;
        }

        var declaring = fitting.First(m => m.Name == name) switch
        {
            IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType,
            var member => member.ContainingType,
        };
        return (name, declaring.OriginalDefinition);
    }

    private OfflineFix Fix(List<MemberSite> uses, string replacement, INamedTypeSymbol declaring, CancellationToken ct)
    {
        var type = declaring.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return OfflineFix.Renaming(Name, [.. uses.Select(u => (u.Error, u.Identifier))], replacement, $"Renamed `{uses[0].Name}` to `{replacement}` on {type}", ct);
    }

    private sealed class RenameKeyComparer : IEqualityComparer<(string Name, string Replacement, INamedTypeSymbol Declaring)>
    {
        public bool Equals((string Name, string Replacement, INamedTypeSymbol Declaring) x, (string Name, string Replacement, INamedTypeSymbol Declaring) y) =>
            x.Name == y.Name && x.Replacement == y.Replacement && SymbolEqualityComparer.Default.Equals(x.Declaring, y.Declaring);

        public int GetHashCode((string Name, string Replacement, INamedTypeSymbol Declaring) key) =>
            HashCode.Combine(key.Name, key.Replacement, SymbolEqualityComparer.Default.GetHashCode(key.Declaring));
    }
}
