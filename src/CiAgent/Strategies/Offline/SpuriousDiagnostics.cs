using Microsoft.CodeAnalysis;

namespace CiAgent.Strategies.Offline;

/// <summary>Diagnostics an in-memory compilation reports that the real build of the same arguments does not.</summary>
/// <remarks>
/// Roslyn reports signing failures among a compilation's declaration diagnostics when it has no strong-name provider or cannot
/// read the key the way csc does; the build signs fine, so such an error is noise that would be shown as the first error.
/// Diagnostics only emitting produces (PE, PDB, resources) never appear, since the offline tier never emits.
/// </remarks>
internal static class SpuriousDiagnostics
{
    // CS7027: error signing with the key file; CS7028: with the key container; CS8102: public signing without a public key.
    private static readonly HashSet<string> Signing = new(StringComparer.Ordinal) { "CS7027", "CS7028", "CS8102" };

    /// <summary>True when the diagnostic comes from signing, which only the real compiler does.</summary>
    public static bool IsSpurious(Diagnostic diagnostic) => Signing.Contains(diagnostic.Id) && !diagnostic.Location.IsInSource;
}
