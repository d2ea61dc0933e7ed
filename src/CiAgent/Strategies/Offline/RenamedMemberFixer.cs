using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Offline;

/// <summary>Renames uses of a member that no longer exists to the one member of the same kind whose name is close to it.</summary>
public sealed class RenamedMemberFixer : IOfflineFixer
{
    private const string InstanceMemberNotFound = "CS1061";
    private const string MemberNotFound = "CS0117";

    /// <inheritdoc />
    public string Name => "renamed-member";

    /// <inheritdoc />
    public IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var sites = new List<MemberSite>();
        foreach (var error in errors)
        {
            ct.ThrowIfCancellationRequested();
            if (error.Id is not (InstanceMemberNotFound or MemberNotFound) || error.Location.SourceTree is not { } tree)
            {
                continue;
            }

            if (!models.TryGetValue(tree, out var model))
            {
                model = models[tree] = compilation.GetSemanticModel(tree);
            }

            if (MemberUse.Locate(error, model, ct) is { } site)
            {
                sites.Add(site);
            }
        }

        // Every use of the same missing member on the same type is renamed in one go, across all files.
        var groups = sites.GroupBy(s => (s.Receiver, s.IsStaticAccess, s.Name, s.IsInvocation), new SiteKeyComparer());
        foreach (var group in groups)
        {
            var uses = group.ToList();
            var first = uses[0];
            // A name qualifies when each use has some overload of it that fits: o.GetTotl() and o.GetTotl(1m) may map to two overloads.
            var candidates = first.Model
                .LookupMembers(first)
                .GroupBy(m => m.Name, StringComparer.Ordinal)
                .Where(overloads => uses.All(u => overloads.Any(m => MemberUse.Fits(m, u))))
                .Select(overloads => overloads.Key);
            if (NameSimilarity.PickUnique(first.Name, candidates) is not { } replacement)
            {
                continue;
            }

            yield return Fix(first, uses, replacement, ct);
        }
    }

    private OfflineFix Fix(MemberSite first, List<MemberSite> uses, string replacement, CancellationToken ct)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in uses.GroupBy(u => u.Identifier.SyntaxTree!))
        {
            var changes = file
                .Select(u => u.Identifier.Span)
                .Distinct()
                .Select(span => new TextChange(span, replacement));
            documents[file.Key.FilePath] = file.Key.GetText(ct).WithChanges(changes).ToString();
        }

        var type = first.Receiver.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var count = uses.Count == 1 ? "1 site" : $"{uses.Count} sites";
        return new OfflineFix(
            Name,
            first.Error.Id,
            first.Error.Location.SourceTree!.FilePath,
            first.Error.Location.GetLineSpan().StartLinePosition.Line + 1,
            $"Renamed `{first.Name}` to `{replacement}` on {type} ({count})",
            documents);
    }

    private sealed class SiteKeyComparer : IEqualityComparer<(ITypeSymbol Receiver, bool Static, string Name, bool Invocation)>
    {
        public bool Equals((ITypeSymbol Receiver, bool Static, string Name, bool Invocation) x, (ITypeSymbol Receiver, bool Static, string Name, bool Invocation) y) =>
            SymbolEqualityComparer.Default.Equals(x.Receiver, y.Receiver) && x.Static == y.Static && x.Name == y.Name && x.Invocation == y.Invocation;

        public int GetHashCode((ITypeSymbol Receiver, bool Static, string Name, bool Invocation) key) =>
            HashCode.Combine(SymbolEqualityComparer.Default.GetHashCode(key.Receiver), key.Static, key.Name, key.Invocation);
    }
}
