using System.Collections.Immutable;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Context;

/// <summary>The analyzers a project's build runs, with the options and additional files they read, so memory can judge an edit the way the build would.</summary>
public sealed class ProjectAnalyzers
{
    private readonly Lazy<ImmutableArray<DiagnosticAnalyzer>?> _analyzers;
    private readonly AnalyzerOptions _options;

    // Loading is left to the first check: most loaded projects are never checked this way, and some analyzer assemblies are large.
    internal ProjectAnalyzers(CSharpCommandLineArguments arguments, ProjectEditorConfig? config)
    {
        _analyzers = new(() => Load(arguments));
        var additional = arguments.AdditionalFiles.Select(file => (AdditionalText)new AdditionalFile(file.Path)).ToImmutableArray();
        _options = config is null ? new AnalyzerOptions(additional) : new AnalyzerOptions(additional, config.Options);
    }

    /// <summary>The analyzers, or null when one of them cannot be loaded here, so memory could miss what it reports.</summary>
    private static ImmutableArray<DiagnosticAnalyzer>? Load(CSharpCommandLineArguments arguments)
    {
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var reference in arguments.AnalyzerReferences)
        {
            try
            {
                if (AnalyzerAssemblies.Reference(reference.FilePath) is not { } loaded)
                {
                    return null;
                }

                analyzers.AddRange(loaded.GetAnalyzers(LanguageNames.CSharp));
            }
            catch (Exception e) when (AnalyzerAssemblies.CannotLoad(e))
            {
                return null;
            }
        }

        return analyzers.ToImmutable();
    }

    /// <summary>The errors the analyzers report in the given files, at the severities the build would give them; null when an analyzer could not load or failed.</summary>
    public async Task<IReadOnlyList<Diagnostic>?> ErrorsAsync(Compilation compilation, IEnumerable<SyntaxTree> trees, CancellationToken cancellationToken)
    {
        if (_analyzers.Value is not { } analyzers)
        {
            return null;
        }

        if (analyzers.IsEmpty)
        {
            return [];
        }

        var failed = false;
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            _options, onAnalyzerException: (_, _, _) => failed = true, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var errors = new List<Diagnostic>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            errors.AddRange(await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false));
            errors.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false));
        }

        // AD0001 is an analyzer that threw: what it would have reported is unknown.
        return failed || errors.Any(e => e.Id == "AD0001")
            ? null
            : [.. errors.Where(e => e.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error && !e.IsSuppressed)];
    }
}
