using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Context;

/// <summary>Runs the project's source generators so that the in-memory compilation sees the same generated code the build does.</summary>
internal static class SourceGeneratorRunner
{
    public static CSharpCompilation Run(CSharpCompilation compilation, CSharpCommandLineArguments arguments, ProjectEditorConfig? config, CancellationToken cancellationToken)
    {
        var generators = GeneratorTriggers.Needed(
            [.. arguments.AnalyzerReferences.SelectMany(reference => LoadGenerators(reference.FilePath))],
            compilation,
            [.. arguments.AdditionalFiles.Select(file => file.Path)]);
        if (generators.Count == 0)
        {
            return compilation;
        }

        try
        {
            // Generators read build properties (build_property.*) and additional files, as they do in the build.
            var additional = arguments.AdditionalFiles.Select(file => (AdditionalText)new AdditionalFile(file.Path));
            var driver = CSharpGeneratorDriver.Create(generators, additional, arguments.ParseOptions, config?.Options);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out _, cancellationToken);
            return (CSharpCompilation)updated;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A generator built for another compiler version can fail here; the compilation without it is still useful.
            return compilation;
        }
    }

    private static IEnumerable<ISourceGenerator> LoadGenerators(string path)
    {
        try
        {
            return AnalyzerAssemblies.Reference(path)?.GetGenerators(LanguageNames.CSharp) ?? [];
        }
        catch (Exception e) when (AnalyzerAssemblies.CannotLoad(e))
        {
            return [];
        }
    }
}
