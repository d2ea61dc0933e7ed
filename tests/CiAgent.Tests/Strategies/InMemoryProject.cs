using CiAgent.Strategies.Offline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Tests.Strategies;

/// <summary>Builds compilations from source strings against the running framework, the way the orchestrator builds them from a project.</summary>
internal static class InMemoryProject
{
    private static readonly Lazy<MetadataReference[]> FrameworkReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll" or "Microsoft.Win32.Primitives.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    /// <summary>Full path a test file gets, so fixes can be looked up by path like real ones.</summary>
    public static string PathOf(string name) => Path.Combine(Path.GetTempPath(), "ciagent-tests", "App", name);

    /// <summary>Compiles the given files (name → source) into a library with nullable enabled.</summary>
    public static CSharpCompilation Compile(params (string Name, string Source)[] files) => Compile([], files);

    /// <summary>Compiles the given files into a library that also references the given assemblies, such as another in-memory project.</summary>
    public static CSharpCompilation Compile(IEnumerable<MetadataReference> references, params (string Name, string Source)[] files) =>
        Compile("App", references, files);

    /// <summary>Compiles the given files into a library of the given name that also references the given assemblies.</summary>
    public static CSharpCompilation Compile(string assemblyName, IEnumerable<MetadataReference> references, params (string Name, string Source)[] files)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, options, PathOf(f.Name)));
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            [.. FrameworkReferences.Value, .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Runs a single fixer through the engine, so only validated fixes come back.</summary>
    public static OfflineFixOutcome Heal(IOfflineFixer fixer, params (string Name, string Source)[] files) =>
        new OfflineFixEngine([fixer]).Run(Compile(files), CancellationToken.None);

    /// <summary>The final text of a changed file in an outcome.</summary>
    public static string TextOf(this OfflineFixOutcome outcome, string name) => outcome.ChangedFiles[PathOf(name)];

    /// <summary>Current compile errors, for asserting that the starting point really is broken.</summary>
    public static IReadOnlyList<Diagnostic> Errors(this CSharpCompilation compilation) => OfflineFixEngine.ErrorsOf(compilation, CancellationToken.None);
}
