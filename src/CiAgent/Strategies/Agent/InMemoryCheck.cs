using System.Diagnostics;
using CiAgent.Kernel;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Agent;

/// <summary>Checks the run's edits against the kept compilations, with the files as they are now swapped in, without running dotnet.</summary>
internal static class InMemoryCheck
{
    // Errors that stale source-generator output would cause (a generated partial member not regenerated): memory cannot tell them from real ones.
    private static readonly string[] GeneratorDependent = ["CS8795", "CS9248", "CS0759"];

    /// <summary>The compiler errors of the edited projects when memory already shows some; null when it shows none or cannot answer for an edit.</summary>
    public static BuildResult? Errors(CompilationCache cache, RunWorkspace workspace, CancellationToken cancellationToken)
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
        var projects = owners.Distinct(StringComparer.Ordinal).ToList();
        if (projects.Any(p => graph.WithDependants([p!]).Count(projects.Contains) > 1))
        {
            return null;
        }

        var errors = new List<BuildDiagnostic>();
        foreach (var project in projects)
        {
            if (cache.Find(project!) is not { } kept)
            {
                continue;
            }

            var paths = kept.SyntaxTrees.Select(t => t.FilePath).ToHashSet(StringComparer.Ordinal);
            if (edited.Any(f => graph.Owner(f) == project && !paths.Contains(f)))
            {
                // A new file (or one outside the compilation's sources): only the real build knows where it belongs.
                continue;
            }

            var compilation = Synced(kept, cancellationToken);
            cache.Keep(project!, compilation);
            errors.AddRange(compilation.GetDiagnostics(cancellationToken)
                .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
                .Select(d => ToBuildDiagnostic(d, project!)));
        }

        return errors.Count == 0 || errors.Any(e => GeneratorDependent.Contains(e.Code))
            ? null
            : new BuildResult([.. errors.Distinct()], 1, false, clock.Elapsed, "");
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
