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
    IReadOnlyDictionary<string, string> ChangedDocuments);
