using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace CiAgent.Context;

/// <summary>
/// One metadata reference per assembly file for the whole process, while the file is unchanged: projects of one solution reference
/// the same framework and package assemblies, and Roslyn builds an assembly's symbols once per reference object, not per file.
/// </summary>
internal static class MetadataReferences
{
    // A bound, not an eviction policy: a long-lived process (the test suite) that has seen this many files starts afresh.
    private const int MostKept = 4000;

    private static readonly ConcurrentDictionary<(string Path, DateTime WrittenUtc, long Length, string Aliases, bool Embed), PortableExecutableReference> Kept = new();

    /// <summary>The reference to a file with these properties: the one made before when the file has not changed since, else a new one.</summary>
    public static PortableExecutableReference FromFile(string path, MetadataReferenceProperties properties)
    {
        var file = new FileInfo(path);
        var key = (file.FullName, file.LastWriteTimeUtc, file.Length, string.Join(',', properties.Aliases), properties.EmbedInteropTypes);
        if (Kept.TryGetValue(key, out var kept))
        {
            return kept;
        }

        if (Kept.Count >= MostKept)
        {
            Kept.Clear();
        }

        return Kept.GetOrAdd(key, _ => MetadataReference.CreateFromFile(path, properties));
    }

    /// <summary>The references of a parsed command line, each of whose files the caller has seen exist.</summary>
    public static ImmutableArray<MetadataReference> Of(IEnumerable<CommandLineReference> references) =>
        [.. references.Select(reference => (MetadataReference)FromFile(reference.Reference, reference.Properties))];
}
