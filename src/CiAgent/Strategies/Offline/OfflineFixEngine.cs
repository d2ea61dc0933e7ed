using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Offline;

/// <summary>Applies deterministic fixes to an in-memory compilation, keeping only those that provably reduce its errors.</summary>
public sealed class OfflineFixEngine
{
    private readonly IReadOnlyList<IOfflineFixer> _fixers;
    private readonly int _maxRounds;

    /// <summary>Creates an engine that consults the given fixers in order and stops after at most <paramref name="maxRounds"/> accepted fixes.</summary>
    public OfflineFixEngine(IEnumerable<IOfflineFixer> fixers, int maxRounds = 50)
    {
        ArgumentNullException.ThrowIfNull(fixers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRounds);
        _fixers = fixers.ToArray();
        _maxRounds = maxRounds;
    }

    /// <summary>Creates an engine with the built-in fixers, syntax first because semantic fixes need a sound tree, and the renames git shows, if any.</summary>
    public static OfflineFixEngine CreateDefault(MemberRenames? renames = null) =>
        new([new MissingTokenFixer(), new MissingUsingFixer(), new RenamedMemberFixer(renames), new ObsoleteMemberFixer()]);

    /// <summary>Runs the fixers until no fixer makes progress or the round cap is reached.</summary>
    public OfflineFixOutcome Run(CSharpCompilation compilation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        return Run(compilation, ErrorsOf(compilation, ct), ct);
    }

    /// <summary>Runs the fixers on a compilation whose errors (<see cref="ErrorsOf"/>) the caller has already asked for, which spares computing them twice.</summary>
    public OfflineFixOutcome Run(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errorsBefore, CancellationToken ct) =>
        Run(compilation, errorsBefore, ErrorScope.Whole, ct);

    /// <summary>
    /// Runs the fixers on a compilation whose errors the caller knows to the given scope: the whole compilation's, those of the
    /// files the real build reported errors in (<see cref="ErrorsIn"/>), or only its parse errors (<see cref="ParseErrorsOf"/>).
    /// </summary>
    /// <remarks>
    /// Each proposal is judged first against the errors known so far. They are a part of the true ones, so an edit that leaves fewer
    /// and none new against them does against all of them too; only a proposal that fails there makes the engine learn the rest.
    /// </remarks>
    public OfflineFixOutcome Run(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errorsBefore, ErrorScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        ArgumentNullException.ThrowIfNull(errorsBefore);
        var originalTexts = compilation.SyntaxTrees.ToDictionary(t => t.FilePath, t => t.GetText(ct), StringComparer.Ordinal);
        var known = new KnownErrors(errorsBefore, scope);
        var accepted = new List<OfflineFix>();

        for (var round = 0; round < _maxRounds && known.Errors.Count > 0; round++)
        {
            var step = FirstProgress(compilation, ref known, ct);
            if (step is null)
            {
                break;
            }

            // Every later proposal is computed against this compilation, so edits to the same file compose instead of clobbering each other.
            compilation = step.Value.Compilation;
            accepted.Add(step.Value.Fix);
        }

        var changed = compilation.SyntaxTrees
            .Where(t => originalTexts.TryGetValue(t.FilePath, out var original) && !original.ContentEquals(t.GetText(ct)))
            .ToImmutableSortedDictionary(t => t.FilePath, t => t.GetText(ct).ToString(), StringComparer.Ordinal);
        return new OfflineFixOutcome(accepted, changed, compilation, errorsBefore, known.Errors) { WholeCompilation = known.Scope == ErrorScope.Whole };
    }

    /// <summary>Returns the compile errors of a compilation, syntax and semantic, in a stable order, without those only an in-memory compilation reports.</summary>
    public static IReadOnlyList<Diagnostic> ErrorsOf(CSharpCompilation compilation, CancellationToken ct) => Errors(compilation.GetDiagnostics(ct));

    /// <summary>The parse errors of a compilation, in <see cref="ErrorsOf"/>'s order: all a compiler reports when it meets one, as it then binds nothing.</summary>
    public static IReadOnlyList<Diagnostic> ParseErrorsOf(CSharpCompilation compilation, CancellationToken ct) => Errors(compilation.GetParseDiagnostics(ct));

    /// <summary>The compile errors of the given files only, in <see cref="ErrorsOf"/>'s order: binding them is all a fix of the errors a build reported there needs.</summary>
    public static IReadOnlyList<Diagnostic> ErrorsIn(CSharpCompilation compilation, IReadOnlySet<string> files, CancellationToken ct) =>
        Errors(compilation.SyntaxTrees.Where(t => files.Contains(t.FilePath)).SelectMany(t => compilation.GetSemanticModel(t).GetDiagnostics(cancellationToken: ct)));

    /// <summary>The errors among diagnostics, without those only an in-memory compilation reports, in a stable order.</summary>
    internal static IReadOnlyList<Diagnostic> Errors(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && !SpuriousDiagnostics.IsSpurious(d))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Returns the compilation with the fix's files replaced, or null when the fix names a file the compilation does not have.</summary>
    public static CSharpCompilation? Apply(CSharpCompilation compilation, OfflineFix fix)
    {
        var result = compilation;
        foreach (var (path, newText) in fix.ChangedDocuments)
        {
            var tree = result.SyntaxTrees.FirstOrDefault(t => string.Equals(t.FilePath, path, StringComparison.Ordinal));
            if (tree is null)
            {
                return null;
            }

            var oldText = tree.GetText();
            // WithChangedText keeps the tree's path and parse options, so the result still matches what MSBuild would compile.
            var replacement = tree.WithChangedText(SourceText.From(newText, oldText.Encoding, oldText.ChecksumAlgorithm));
            result = result.ReplaceSyntaxTree(tree, replacement);
        }

        return result;
    }

    // What a rejected proposal made the engine learn is kept: the next proposal is judged against it too.
    private (OfflineFix Fix, CSharpCompilation Compilation)? FirstProgress(CSharpCompilation compilation, ref KnownErrors known, CancellationToken ct)
    {
        foreach (var fixer in _fixers)
        {
            using var proposals = SafeProposals(fixer, compilation, known.Errors, ct).GetEnumerator();
            while (SafeMoveNext(proposals))
            {
                ct.ThrowIfCancellationRequested();
                var fix = proposals.Current;
                if (fix.ChangedDocuments.Count == 0)
                {
                    continue;
                }

                var candidate = Apply(compilation, fix);
                if (candidate is null)
                {
                    continue;
                }

                string[] edited = [.. fix.ChangedDocuments.Keys];
                var needsWhole = EditedFileErrors.NeedsWholeCompilation(compilation, candidate, edited, ct);
                var after = needsWhole ? ErrorsOf(candidate, ct) : ErrorsIn(candidate, edited.ToHashSet(StringComparer.Ordinal), ct);
                var candidateErrors = needsWhole ? after : EditedFileErrors.Rebound(known.Errors, after, edited);
                if (!ProgressRule.IsProgress(known.Errors, candidateErrors) && known.Widened(compilation, edited, needsWhole, ct) is { } wider)
                {
                    known = wider;
                    candidateErrors = needsWhole ? after : EditedFileErrors.Rebound(known.Errors, after, edited);
                }

                if (ProgressRule.IsProgress(known.Errors, candidateErrors))
                {
                    known = new KnownErrors(candidateErrors, needsWhole ? ErrorScope.Whole : known.Scope);
                    return (fix, candidate);
                }
            }
        }

        return null;
    }

    private static IEnumerable<OfflineFix> SafeProposals(IOfflineFixer fixer, CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        try
        {
            return fixer.Propose(compilation, errors, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fixer that trips over unusual code must not stop the others: it simply proposes nothing.
            return [];
        }
    }

    private static bool SafeMoveNext(IEnumerator<OfflineFix> proposals)
    {
        try
        {
            return proposals.MoveNext();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }
}
