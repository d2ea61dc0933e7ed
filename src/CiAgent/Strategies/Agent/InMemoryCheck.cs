using System.Diagnostics;
using CiAgent.Kernel;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Agent;

/// <summary>Checks the run's edits against the kept compilations, with the files as they are now swapped in, without running dotnet.</summary>
/// <remarks>
/// A clean answer stands in for a build of the edited projects only: the compilation came from the compiler's own arguments and
/// matched the real build's errors when it was kept, and the build's analyzers ran on the edited files with its editorconfig.
/// </remarks>
internal static class InMemoryCheck
{
    // Errors that stale source-generator output would cause (a generated partial member not regenerated): memory cannot tell them from real ones.
    private static readonly string[] GeneratorDependent = ["CS8795", "CS9248", "CS0759"];

    /// <summary>
    /// What memory can say about the edited projects: their compiler errors when it shows some; that they compile, when it shows none
    /// and can vouch for the build's analyzers too; null when it cannot answer for an edit.
    /// </summary>
    public static async Task<MemoryAnswer?> CheckAsync(CompilationCache cache, RunWorkspace workspace, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var edited = workspace.EditedFiles.Select(f => Path.GetFullPath(Path.Combine(workspace.Root, f))).ToList();
        if (edited.Count == 0 || edited.Any(f => !f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var graph = ProjectGraph.Read(workspace.Target);
        var owners = edited.Select(graph.Owner).ToList();
        if (!graph.Complete || owners.Any(o => o is null))
        {
            return null;
        }

        // A kept compilation sees the other projects through their built assemblies: an edit in a project it depends on is invisible to it.
        var projects = owners.Distinct(StringComparer.Ordinal).Select(o => o!).ToList();
        if (projects.Any(p => graph.WithDependants([p]).Count(projects.Contains) > 1))
        {
            return null;
        }

        var errors = new List<BuildDiagnostic>();
        var vouched = true;
        foreach (var project in projects)
        {
            var kept = cache.Find(project);
            var paths = kept?.SyntaxTrees.Select(t => t.FilePath).ToHashSet(StringComparer.Ordinal);
            // A new file (or one outside the compilation's sources): only the real build knows where it belongs.
            if (kept is null || edited.Any(f => graph.Owner(f) == project && !paths!.Contains(f)))
            {
                vouched = false;
                continue;
            }

            var compilation = Synced(kept, cancellationToken);
            cache.Keep(project, compilation);
            var found = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
            errors.AddRange(found.Select(d => ToBuildDiagnostic(d, project)));
            if (found.Count == 0 && vouched)
            {
                var trees = compilation.SyntaxTrees.Where(t => edited.Contains(t.FilePath, StringComparer.Ordinal));
                vouched = cache.AnalyzersOf(project) is { } analyzers
                    && await analyzers.ErrorsAsync(compilation, trees, cancellationToken).ConfigureAwait(false) is { Count: 0 };
            }
        }

        if (errors.Count > 0)
        {
            return errors.Any(e => GeneratorDependent.Contains(e.Code))
                ? null
                : new MemoryAnswer(new BuildResult([.. errors.Distinct()], 1, false, clock.Elapsed, ""), projects);
        }

        return vouched ? new MemoryAnswer(new BuildResult([], 0, false, clock.Elapsed, ""), projects) : null;
    }

    // Every source file as it is on disk now: the run's own edits, and any the offline tier made or undid since the compilation was kept.
    private static CSharpCompilation Synced(CSharpCompilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!File.Exists(tree.FilePath))
            {
                continue;
            }

            var file = TextFile.Read(tree.FilePath);
            var text = tree.GetText(cancellationToken);
            if (!string.Equals(text.ToString(), file.Text, StringComparison.Ordinal))
            {
                compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(file.Text, text.Encoding ?? file.Encoding, text.ChecksumAlgorithm)));
            }
        }

        return compilation;
    }

    private static BuildDiagnostic ToBuildDiagnostic(Diagnostic diagnostic, string project)
    {
        var span = diagnostic.Location.GetLineSpan();
        var located = diagnostic.Location.IsInSource;
        return new BuildDiagnostic(
            located ? span.Path : null,
            located ? span.StartLinePosition.Line + 1 : 0,
            located ? span.StartLinePosition.Character + 1 : 0,
            Kernel.DiagnosticSeverity.Error,
            diagnostic.Id,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            project);
    }
}
