using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Offline;

/// <summary>One deterministic fix proposed by an offline fixer: what it repairs, where, and the full new text of every file it changes.</summary>
/// <param name="FixerName">Short name of the fixer that proposed it, such as "missing-using".</param>
/// <param name="Code">The diagnostic code it repairs, such as CS0246.</param>
/// <param name="FilePath">Full path of the file holding the first site it repairs.</param>
/// <param name="Line">1-based line of the first site it repairs.</param>
/// <param name="Description">A sentence a human can read in a CI log, such as "Added `using System.Text;` for StringBuilder".</param>
/// <param name="ChangedDocuments">Full path of each changed file mapped to its complete new text.</param>
public sealed record OfflineFix(
    string FixerName,
    string Code,
    string FilePath,
    int Line,
    string Description,
    IReadOnlyDictionary<string, string> ChangedDocuments)
{
    /// <summary>A fix that writes <paramref name="replacement"/> over the name token at every site, reported at the first site's error, with the number of sites after the description.</summary>
    internal static OfflineFix Renaming(string fixerName, IReadOnlyList<(Diagnostic Error, SyntaxToken Name)> sites, string replacement, string description, CancellationToken ct)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in sites.GroupBy(s => s.Name.SyntaxTree!))
        {
            // More than one error can point at the same name, which is replaced once.
            var changes = file.Select(s => s.Name.Span).Distinct().Select(span => new TextChange(span, replacement));
            documents[file.Key.FilePath] = file.Key.GetText(ct).WithChanges(changes).ToString();
        }

        var count = sites.Count == 1 ? "1 site" : $"{sites.Count} sites";
        return AtError(fixerName, sites[0].Error, $"{description} ({count})", documents);
    }

    /// <summary>A fix reported at the file and line of the compiler error it repairs.</summary>
    internal static OfflineFix AtError(string fixerName, Diagnostic error, string description, IReadOnlyDictionary<string, string> documents) =>
        new(fixerName, error.Id, error.Location.SourceTree!.FilePath, error.Location.GetLineSpan().StartLinePosition.Line + 1, description, documents);
}
