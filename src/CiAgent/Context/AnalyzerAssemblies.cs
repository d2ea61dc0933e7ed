using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CiAgent.Context;

/// <summary>The analyzer and generator assemblies a build names, each loaded once per process whichever project or check asks.</summary>
internal static class AnalyzerAssemblies
{
    private static readonly ConcurrentDictionary<string, AnalyzerFileReference?> Loaded = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte> Folders = new(StringComparer.Ordinal);
    private static readonly DefaultContextLoader Loader = new();

    // An analyzer's own dependencies (Microsoft.Interop.SourceGeneration beside the interop analyzers) sit in its folder, where the
    // default context does not look; csc's loader does, so this one must too, or those analyzers throw where the build's did not.
    static AnalyzerAssemblies() => AssemblyLoadContext.Default.Resolving += (context, name) =>
        Folders.Keys.Select(folder => Path.Combine(folder, name.Name + ".dll")).FirstOrDefault(File.Exists) is { } found
            ? context.LoadFromAssemblyPath(found)
            : null;

    /// <summary>The reference for an assembly the compiler's command line names, or null when it is absent or cannot be read.</summary>
    public static AnalyzerFileReference? Reference(string path) =>
        Loaded.GetOrAdd(path, static p =>
        {
            if (!File.Exists(p))
            {
                return null;
            }

            Folders.TryAdd(Path.GetDirectoryName(p)!, 0);
            return new AnalyzerFileReference(p, Loader);
        });

    /// <summary>Whether an exception is an assembly that cannot load here (another compiler's build, a missing dependency), not a fault of ours.</summary>
    public static bool CannotLoad(Exception e) =>
        e is IOException or BadImageFormatException or FileLoadException or ReflectionTypeLoadException or TypeLoadException or MissingMethodException;

    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
