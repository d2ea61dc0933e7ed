using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CiAgent.Context;

/// <summary>
/// The .editorconfig and .globalconfig files the compiler's command line names (MSBuild's generated one included), read the way csc
/// reads them: severities for the compilation, and the options analyzers and source generators see.
/// </summary>
internal sealed class ProjectEditorConfig
{
    private readonly AnalyzerConfigSet _set;
    private readonly ConcurrentDictionary<string, AnalyzerConfigOptionsResult> _byPath = new(StringComparer.Ordinal);

    private ProjectEditorConfig(AnalyzerConfigSet set)
    {
        _set = set;
        Severities = new TreeSeverities(this);
        Options = new OptionsProvider(this);
    }

    /// <summary>Per-file and global diagnostic severities, for <see cref="CompilationOptions.SyntaxTreeOptionsProvider"/>.</summary>
    public SyntaxTreeOptionsProvider Severities { get; }

    /// <summary>The key-value options analyzers and generators read.</summary>
    public AnalyzerConfigOptionsProvider Options { get; }

    /// <summary>The configuration of a command line, or null when it names none that can be read.</summary>
    public static ProjectEditorConfig? Read(CSharpCommandLineArguments arguments)
    {
        var configs = arguments.AnalyzerConfigPaths
            .Where(File.Exists)
            .Select(path => AnalyzerConfig.Parse(TextFile.Read(path).Text, path))
            .ToList();
        return configs.Count == 0 ? null : new ProjectEditorConfig(AnalyzerConfigSet.Create(configs));
    }

    private AnalyzerConfigOptionsResult For(string path) => _byPath.GetOrAdd(path, _set.GetOptionsForSourcePath);

    private sealed class TreeSeverities(ProjectEditorConfig config) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
            config.For(tree.FilePath).AnalyzerOptions.TryGetValue("generated_code", out var value) && bool.TryParse(value, out var generated)
                ? generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated
                : GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            config.For(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            config._set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
    }

    private sealed class OptionsProvider(ProjectEditorConfig config) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(config._set.GlobalConfigOptions.AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(config.For(tree.FilePath).AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(config.For(textFile.Path).AnalyzerOptions);
    }

    private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
