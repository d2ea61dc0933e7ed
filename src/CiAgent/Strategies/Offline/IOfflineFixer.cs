using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>A deterministic, model-free repair for one family of compile errors.</summary>
public interface IOfflineFixer
{
    /// <summary>Short name of the fixer, used in reports, such as "missing-using".</summary>
    string Name { get; }

    /// <summary>Proposes fixes for some of the given errors, best first; the caller validates each one before accepting it.</summary>
    IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct);
}
