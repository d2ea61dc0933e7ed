using Microsoft.CodeAnalysis;

namespace CiAgent.Strategies.Offline;

/// <summary>A reference a project lacks: the item to add to its project file and the assemblies that item brings, for the in-memory check.</summary>
/// <param name="FixerName">Short name of the fixer that proposed it.</param>
/// <param name="Error">The first error it answers.</param>
/// <param name="Description">A sentence for the CI log.</param>
/// <param name="ItemType">ProjectReference or PackageReference.</param>
/// <param name="Include">The item's Include.</param>
/// <param name="Attributes">Further attributes, such as Version.</param>
/// <param name="References">What the compilation gains once the item is restored and built.</param>
internal sealed record ReferenceProposal(
    string FixerName,
    Diagnostic Error,
    string Description,
    string ItemType,
    string Include,
    (string Name, string Value)[] Attributes,
    IReadOnlyList<MetadataReference> References);
