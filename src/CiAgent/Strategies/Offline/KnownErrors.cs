using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>The errors of a compilation known so far while fixes are judged, and how much of them that is.</summary>
/// <param name="Errors">The errors, in <see cref="OfflineFixEngine.ErrorsOf"/>'s order.</param>
/// <param name="Scope">What they cover: always a part of the compilation's true errors, and all of them for <see cref="ErrorScope.Whole"/>.</param>
internal sealed record KnownErrors(IReadOnlyList<Diagnostic> Errors, ErrorScope Scope)
{
    /// <summary>
    /// What a proposal that failed against these errors needs to be judged again: the whole compilation's errors when it is judged
    /// on the whole, else every error of the files known so far only by their parse errors and of the edited ones. Null when
    /// nothing more is to be learnt, so the proposal stands rejected.
    /// </summary>
    public KnownErrors? Widened(CSharpCompilation compilation, IReadOnlyCollection<string> editedPaths, bool whole, CancellationToken cancellationToken)
    {
        if (whole)
        {
            return Scope == ErrorScope.Whole ? null : new KnownErrors(OfflineFixEngine.ErrorsOf(compilation, cancellationToken), ErrorScope.Whole);
        }

        if (Scope != ErrorScope.Parse)
        {
            return null;
        }

        // A file with no error left in the list was bound whole after its last edit, so what it has is already known.
        var files = Errors.Select(e => e.Location.SourceTree?.FilePath).OfType<string>().Concat(editedPaths).ToHashSet(StringComparer.Ordinal);
        return new KnownErrors(EditedFileErrors.Rebound(Errors, OfflineFixEngine.ErrorsIn(compilation, files, cancellationToken), files), ErrorScope.Files);
    }
}
