using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>What an offline run changed and how far it got.</summary>
/// <param name="Accepted">The fixes that were accepted, in the order they were applied.</param>
/// <param name="ChangedFiles">Full path of every changed file mapped to its final text, which already includes all accepted fixes.</param>
/// <param name="Compilation">The compilation after all accepted fixes.</param>
/// <param name="ErrorsBefore">The compile errors before any fix.</param>
/// <param name="ErrorsAfter">The compile errors left after all accepted fixes.</param>
public sealed record OfflineFixOutcome(
    IReadOnlyList<OfflineFix> Accepted,
    IReadOnlyDictionary<string, string> ChangedFiles,
    CSharpCompilation Compilation,
    IReadOnlyList<Diagnostic> ErrorsBefore,
    IReadOnlyList<Diagnostic> ErrorsAfter)
{
    /// <summary>False when the errors were found only in the files the real build reported errors in, not over the whole compilation.</summary>
    public bool WholeCompilation { get; init; } = true;

    /// <summary>True when at least one fix was accepted.</summary>
    public bool Changed => Accepted.Count > 0;
}
