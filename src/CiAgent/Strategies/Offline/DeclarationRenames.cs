using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>Finds members renamed between two versions of a C# file by comparing their declarations, type by type, in syntax.</summary>
/// <remarks>
/// Members are properties, methods, fields and events, each known by its kind, name and signature (static or not, type, type
/// parameter count, parameter modifiers and types). A member is unchanged when the other version has one with the same kind, name and
/// signature; the unchanged ones pin the places in between. Member X was renamed to Y when X is gone from the type, Y is new to it,
/// both are of the same kind and signature and sit between the same unchanged neighbours, and neither has another such partner:
/// two new members that could each be X, or two old ones that could each be Y, are a guess, and no rename is reported.
/// </remarks>
internal static class DeclarationRenames
{
    /// <summary>The full metadata names of the types a file declares, nested ones included.</summary>
    public static IEnumerable<string> DeclaredTypes(SyntaxNode root) => TypesIn(root).Select(TypeIdentity.Of).Distinct(StringComparer.Ordinal);

    /// <summary>The members renamed from <paramref name="before"/> to <paramref name="after"/>, each attributed to <paramref name="where"/>.</summary>
    public static IReadOnlyList<MemberRename> Between(SyntaxNode before, SyntaxNode after, string where)
    {
        var now = MembersByType(after);
        var renames = new List<MemberRename>();
        foreach (var (type, old) in MembersByType(before))
        {
            if (now.TryGetValue(type, out var current))
            {
                renames.AddRange(Renames(old, current).Select(r => new MemberRename(type, r.Old, r.New, where)));
            }
        }

        return renames;
    }

    private static IEnumerable<(string Old, string New)> Renames(List<Member> before, List<Member> after)
    {
        var unchanged = before.Intersect(after).ToHashSet();
        var namesBefore = before.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var namesAfter = after.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        // A name still present (an overload whose parameters changed) or one already there before (a new overload) is no rename.
        var gone = Placed(before, unchanged).Where(p => !namesAfter.Contains(p.Member.Name)).ToList();
        var added = Placed(after, unchanged).Where(p => !namesBefore.Contains(p.Member.Name)).ToList();
        foreach (var old in gone)
        {
            var partners = added.Where(a => a.Matches(old)).ToList();
            if (partners.Count == 1 && gone.Count(g => g.Matches(partners[0])) == 1)
            {
                yield return (old.Member.Name, partners[0].Member.Name);
            }
        }
    }

    // Each changed member with the unchanged member just before it (null at the top of the type), which says where it sits.
    private static IEnumerable<PlacedMember> Placed(List<Member> members, HashSet<Member> unchanged)
    {
        Member? anchor = null;
        foreach (var member in members)
        {
            if (unchanged.Contains(member))
            {
                anchor = member;
            }
            else
            {
                yield return new PlacedMember(member, anchor);
            }
        }
    }

    private static Dictionary<string, List<Member>> MembersByType(SyntaxNode root)
    {
        var types = new Dictionary<string, List<Member>>(StringComparer.Ordinal);
        foreach (var type in TypesIn(root))
        {
            // A type declared in two parts of one file reads as one list, in file order.
            var key = TypeIdentity.Of(type);
            if (!types.TryGetValue(key, out var members))
            {
                members = types[key] = [];
            }

            members.AddRange(type.Members.SelectMany(MembersOf));
        }

        return types;
    }

    private static IEnumerable<TypeDeclarationSyntax> TypesIn(SyntaxNode root) =>
        root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<TypeDeclarationSyntax>();

    // Explicit interface implementations are left out: no use names them, so their renames never explain an error.
    private static IEnumerable<Member> MembersOf(MemberDeclarationSyntax declaration) =>
        declaration switch
        {
            PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property =>
                [new Member("property", property.Identifier.ValueText, Signature(property.Modifiers, property.Type))],
            MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } method =>
                [new Member("method", method.Identifier.ValueText, $"{Signature(method.Modifiers, method.ReturnType)}`{method.Arity}({Parameters(method.ParameterList)})")],
            FieldDeclarationSyntax field =>
                field.Declaration.Variables.Select(v => new Member("field", v.Identifier.ValueText, Signature(field.Modifiers, field.Declaration.Type))),
            EventFieldDeclarationSyntax events =>
                events.Declaration.Variables.Select(v => new Member("event", v.Identifier.ValueText, Signature(events.Modifiers, events.Declaration.Type))),
            EventDeclarationSyntax { ExplicitInterfaceSpecifier: null } @event =>
                [new Member("event", @event.Identifier.ValueText, Signature(@event.Modifiers, @event.Type))],
            _ => [],
        };

    // Static or not decides how a use reaches the member (a const is static), so a rename that changed it is not a like-for-like rename.
    private static string Signature(SyntaxTokenList modifiers, TypeSyntax type) =>
        (modifiers.Any(m => m.ValueText is "static" or "const") ? "static " : "") + TypeIdentity.TokenText(type);

    private static string Parameters(ParameterListSyntax parameters) =>
        string.Join(",", parameters.Parameters.Select(p => string.Concat(p.Modifiers.Select(m => m.ValueText + " ")) + (p.Type is null ? "" : TypeIdentity.TokenText(p.Type))));

    private sealed record Member(string Kind, string Name, string Signature);

    private sealed record PlacedMember(Member Member, Member? After)
    {
        public bool Matches(PlacedMember other) => other.Member.Kind == Member.Kind && other.Member.Signature == Member.Signature && other.After == After;
    }
}
