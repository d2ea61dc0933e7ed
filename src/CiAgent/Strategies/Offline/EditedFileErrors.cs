using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// The errors of a compilation after a fix, binding only the edited files when the fix left what they declare unchanged
/// (<see cref="DeclarationShape"/>): every other file then binds exactly as before, so its errors are the ones already known.
/// </summary>
/// <remarks>
/// A whole compilation's errors mean binding every method body of the project again, for each proposal the fixers make. The
/// compiler's warnings about unused fields and events are the exception: they are found only over the whole compilation, from
/// every body, and can sit in any file, so where one of them may be an error (warnings as errors) the whole compilation is asked.
/// </remarks>
internal static class EditedFileErrors
{
    private static readonly string[] WholeCompilationWarnings = ["CS0067", "CS0169", "CS0414", "CS0649"];

    /// <summary>
    /// The errors after an edit where <see cref="NeedsWholeCompilation"/> said no: the known errors outside the edited files, and the
    /// edited files' errors as bound again (<see cref="OfflineFixEngine.ErrorsIn"/>).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Rebound(IReadOnlyList<Diagnostic> errorsBefore, IReadOnlyList<Diagnostic> editedErrorsAfter, IReadOnlyCollection<string> editedPaths)
    {
        var edited = editedPaths.ToHashSet(StringComparer.Ordinal);
        var unchanged = errorsBefore.Where(error => error.Location.SourceTree is not { } tree || !edited.Contains(tree.FilePath));
        return OfflineFixEngine.Errors(unchanged.Concat(editedErrorsAfter));
    }

    /// <summary>True when the edit changed what a file declares (or added or removed one), or unused members may be errors: only the whole compilation then says.</summary>
    public static bool NeedsWholeCompilation(CSharpCompilation before, CSharpCompilation after, IReadOnlyCollection<string> editedPaths, CancellationToken cancellationToken) =>
        editedPaths.Any(path => TreeAt(before, path) is not { } old || TreeAt(after, path) is not { } edited || !DeclarationShape.Same(old, edited, cancellationToken))
            || MayReportUnusedMembersAsErrors(after, cancellationToken);

    private static SyntaxTree? TreeAt(CSharpCompilation compilation, string path) =>
        compilation.SyntaxTrees.FirstOrDefault(tree => string.Equals(tree.FilePath, path, StringComparison.Ordinal));

    private static bool MayReportUnusedMembersAsErrors(CSharpCompilation compilation, CancellationToken cancellationToken)
    {
        var options = compilation.Options;
        if (options.GeneralDiagnosticOption == ReportDiagnostic.Error
            || WholeCompilationWarnings.Any(id => options.SpecificDiagnosticOptions.TryGetValue(id, out var report) && report == ReportDiagnostic.Error))
        {
            return true;
        }

        return options.SyntaxTreeOptionsProvider is { } provider
            && WholeCompilationWarnings.Any(id =>
                (provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out var global) && global == ReportDiagnostic.Error)
                || compilation.SyntaxTrees.Any(tree => provider.TryGetDiagnosticValue(tree, id, cancellationToken, out var report) && report == ReportDiagnostic.Error));
    }
}
