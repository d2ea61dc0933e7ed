using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// Renames uses of a member that no longer exists to the member it was renamed to: the one the repository's history shows renamed in
/// place when there is exactly one, else the one member of the same kind whose name is close to it.
/// </summary>
/// <param name="history">Renames read from git for the compilation at hand; none means similarity alone.</param>
public sealed class RenamedMemberFixer(MemberRenames? history = null) : IOfflineFixer
{
    private const string InstanceMemberNotFound = "CS1061";
    private const string MemberNotFound = "CS0117";
    private const string NameNotFound = "CS0103";

    /// <inheritdoc />
    public string Name => "renamed-member";

    /// <summary>True for the errors this fixer reads as a use of a member that may have been renamed.</summary>
    internal static bool IsMissingMember(Diagnostic error) => error.Id is InstanceMemberNotFound or MemberNotFound or NameNotFound;

    /// <inheritdoc />
    public IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var renames = new List<(MemberSite Site, Replacement Replacement)>();
        foreach (var error in errors)
        {
            ct.ThrowIfCancellationRequested();
            if (!IsMissingMember(error) || error.Location.SourceTree is not { } tree)
            {
                continue;
            }

            if (!models.TryGetValue(tree, out var model))
            {
                model = models[tree] = compilation.GetSemanticModel(tree);
            }

            if (MemberUse.Locate(error, model, ct) is { } site && ReplacementFor(site) is { } replacement)
            {
                renames.Add((site, replacement));
            }
        }

        // Every use of the same old name that maps to the same member is renamed in one go: o.Name elsewhere, a bare Name in the
        // declaring type's constructor and in a derived type are one rename, across all files.
        var groups = renames.GroupBy(r => (r.Site.Name, r.Replacement.Name, r.Replacement.Declaring), new RenameKeyComparer());
        foreach (var group in groups)
        {
            var first = group.First();
            var type = first.Replacement.Declaring.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var description = $"Renamed `{first.Site.Name}` to `{first.Replacement.Name}` on {type}"
                + (first.Replacement.RenamedIn is { } where ? $", as its declaration was renamed in {where}" : "");
            yield return OfflineFix.Renaming(Name, [.. group.Select(r => (r.Site.Error, r.Site.Identifier))], first.Replacement.Name, description, ct);
        }
    }

    // A name qualifies when some overload of it fits the use: o.GetTotl() and o.GetTotl(1m) may map to two overloads of GetTotal.
    private Replacement? ReplacementFor(MemberSite site)
    {
        var fitting = site.Model.LookupMembers(site).Where(m => MemberUse.Fits(m, site)).ToList();
        // History names the member outright, so it wins over similarity, but only if the renamed member is there and fits the use.
        var renamed = history?.Of(site.Receiver, site.Name) is { } rename
            && fitting.Any(m => m.Name == rename.NewName && TypeIdentity.Of(Declaring(m)) == rename.Type)
                ? rename
                : null;
        if ((renamed?.NewName ?? NameSimilarity.PickUnique(site.Name, fitting.Select(m => m.Name))) is not { } name)
        {
            return null;
        }

        // A bare camelCase name is a local's or parameter's spelling: turning `name` into the property `Name` would compile and mean something else.
        if (site.IsUnqualified && char.IsUpper(site.Name[0]) != char.IsUpper(name[0]))
        {
            return null;
        }

        return new Replacement(name, Declaring(fitting.First(m => m.Name == name)).OriginalDefinition, renamed?.Where);
    }

    private static INamedTypeSymbol Declaring(ISymbol member) =>
        member is IMethodSymbol { ReducedFrom: { } extension } ? extension.ContainingType : member.ContainingType;

    /// <summary>The member a use moves to, and the change that renamed it when history, not similarity, named it.</summary>
    private sealed record Replacement(string Name, INamedTypeSymbol Declaring, string? RenamedIn);

    private sealed class RenameKeyComparer : IEqualityComparer<(string Name, string Replacement, INamedTypeSymbol Declaring)>
    {
        public bool Equals((string Name, string Replacement, INamedTypeSymbol Declaring) x, (string Name, string Replacement, INamedTypeSymbol Declaring) y) =>
            x.Name == y.Name && x.Replacement == y.Replacement && SymbolEqualityComparer.Default.Equals(x.Declaring, y.Declaring);

        public int GetHashCode((string Name, string Replacement, INamedTypeSymbol Declaring) key) =>
            HashCode.Combine(key.Name, key.Replacement, SymbolEqualityComparer.Default.GetHashCode(key.Declaring));
    }
}
