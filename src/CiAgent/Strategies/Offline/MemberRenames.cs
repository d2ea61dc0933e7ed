using Microsoft.CodeAnalysis;

namespace CiAgent.Strategies.Offline;

/// <summary>The member renames the repository's history shows, for the renamed-member fixer to prefer over name similarity.</summary>
public sealed class MemberRenames
{
    private readonly ILookup<(string Type, string OldName), MemberRename> _byOldName;

    internal MemberRenames(IEnumerable<MemberRename> renames) =>
        _byOldName = renames.Distinct().ToLookup(r => (r.Type, r.OldName));

    /// <summary>No renames known: the fixer goes by name similarity alone.</summary>
    public static MemberRenames None { get; } = new([]);

    /// <summary>The one rename of <paramref name="oldName"/> in the receiver type or a type it inherits from, or null when there is none or more than one.</summary>
    internal MemberRename? Of(ITypeSymbol receiver, string oldName)
    {
        var found = SearchedTypes(receiver)
            .SelectMany(type => _byOldName[(TypeIdentity.Of(type), oldName)])
            .DistinctBy(r => (r.Type, r.NewName))
            .ToList();
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The types a member use on the receiver can reach: the receiver, its base types, and for an interface the interfaces it extends.</summary>
    internal static IEnumerable<INamedTypeSymbol> SearchedTypes(ITypeSymbol receiver)
    {
        for (var type = receiver as INamedTypeSymbol; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            yield return type.OriginalDefinition;
        }

        if (receiver.TypeKind == TypeKind.Interface)
        {
            foreach (var extended in receiver.AllInterfaces)
            {
                yield return extended.OriginalDefinition;
            }
        }
    }
}
