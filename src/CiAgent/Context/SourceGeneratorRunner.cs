using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CiAgent.Context;

/// <summary>Runs the project's source generators so that the in-memory compilation sees the same generated code the build does.</summary>
internal static class SourceGeneratorRunner
{
    private static readonly GeneratorAssemblyLoader Loader = new();

    public static CSharpCompilation Run(CSharpCompilation compilation, CSharpCommandLineArguments arguments, CancellationToken cancellationToken)
    {
        var generators = arguments.AnalyzerReferences
            .Where(reference => File.Exists(reference.FilePath))
            .SelectMany(reference => LoadGenerators(reference.FilePath))
            .ToImmutableArray();
        if (generators.IsEmpty)
        {
            return compilation;
        }

        try
        {
            var driver = CSharpGeneratorDriver.Create(generators, parseOptions: arguments.ParseOptions);
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
            return new AnalyzerFileReference(path, Loader).GetGenerators(LanguageNames.CSharp);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or FileLoadException or ReflectionTypeLoadException)
        {
            return [];
        }
    }

    private sealed class GeneratorAssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
