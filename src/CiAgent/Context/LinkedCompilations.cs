using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Context;

/// <summary>
/// Loads a project's compilation with its workspace project references swapped for their own compilations, so that a call
/// from a test into the code under test binds to a source symbol with a body, not to a member of a built assembly.
/// </summary>
internal sealed class LinkedCompilations(string root, ProjectCompilationLoader loader)
{
    /// <summary>The most projects loaded for one run's failing tests.</summary>
    public const int MaxProjects = 12;

    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    private readonly ConcurrentDictionary<string, Task<CSharpCompilation?>> _loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<CSharpCompilation?>> _linked = new(StringComparer.Ordinal);

    // Each load is a dotnet msbuild evaluation: two at a time, and only so many, since a large solution's test project can reach dozens.
    private readonly SemaphoreSlim _gate = new(2);
    private int _loads;

    /// <summary>Why a project could not be loaded, one line each; the binding goes on without it.</summary>
    public ConcurrentBag<string> Problems { get; } = [];

    /// <summary>Every linked compilation loaded so far: the ones a syntax tree of the workspace can be looked up in.</summary>
    public IReadOnlyList<CSharpCompilation> All =>
        [.. _linked.Values.Where(t => t.IsCompletedSuccessfully && t.Result is not null).Select(t => t.Result!)];

    /// <summary>The project's compilation, linked to the compilations of the workspace projects it references; null when it cannot be loaded.</summary>
    public Task<CSharpCompilation?> LinkAsync(string projectPath, CancellationToken cancellationToken) =>
        LinkAsync(Path.GetFullPath(projectPath), new HashSet<string>(StringComparer.Ordinal), cancellationToken);

    private Task<CSharpCompilation?> LinkAsync(string projectPath, IReadOnlySet<string> referencedFrom, CancellationToken cancellationToken) =>
        _linked.GetOrAdd(projectPath, path => LinkCoreAsync(path, referencedFrom, cancellationToken));

    private async Task<CSharpCompilation?> LinkCoreAsync(string projectPath, IReadOnlySet<string> referencedFrom, CancellationToken cancellationToken)
    {
        var compilation = await LoadAsync(projectPath, cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return null;
        }

        var chain = new HashSet<string>(referencedFrom, StringComparer.Ordinal) { projectPath };
        var projects = compilation.References.OfType<PortableExecutableReference>()
            .Select(reference => (Reference: reference, Project: OwningProject(reference.FilePath)))
            .Where(pair => pair.Project is not null && !chain.Contains(pair.Project))
            .ToList();
        // Siblings load side by side: each is a dotnet msbuild call that mostly waits.
        var linked = await Task.WhenAll(projects.Select(pair => LinkAsync(pair.Project!, chain, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < projects.Count; i++)
        {
            if (linked[i] is { } source)
            {
                compilation = compilation.ReplaceReference(projects[i].Reference, source.ToMetadataReference(projects[i].Reference.Properties.Aliases));
            }
        }

        return compilation;
    }

    private Task<CSharpCompilation?> LoadAsync(string projectPath, CancellationToken cancellationToken) =>
        _loaded.GetOrAdd(projectPath, async path =>
        {
            if (Interlocked.Increment(ref _loads) > MaxProjects)
            {
                Problems.Add($"{Path.GetFileName(path)}: not loaded, more than {MaxProjects} projects; its members are not shown.");
                return null;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (await loader.LoadAsync(path, cancellationToken).ConfigureAwait(false)).Compilation;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Binding is an enrichment of the first prompt: a project MSBuild cannot evaluate leaves the name-based context in place.
                Problems.Add($"{Path.GetFileName(path)}: {e.Message}");
                return null;
            }
            finally
            {
                _gate.Release();
            }
        });

    // A workspace project's output lies under its bin/ or obj/ (or artifacts/<project>/ with the artifacts layout).
    private string? OwningProject(string? assemblyPath)
    {
        if (assemblyPath is null || !assemblyPath.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        var name = Path.GetFileNameWithoutExtension(assemblyPath);
        for (var directory = Path.GetDirectoryName(assemblyPath); directory is not null && directory.Length > _root.Length; directory = Path.GetDirectoryName(directory))
        {
            var folder = Path.GetFileName(directory);
            if (folder is "bin" or "obj" && Path.GetDirectoryName(directory) is { } projectDirectory)
            {
                var projects = Directory.GetFiles(projectDirectory, "*.csproj");
                return projects.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p) == name) ?? (projects.Length == 1 ? projects[0] : null);
            }
        }

        return assemblyPath[_root.Length..].Split('/', '\\').Contains("artifacts")
            ? Directory.EnumerateFiles(_root, name + ".csproj", SearchOption.AllDirectories).FirstOrDefault()
            : null;
    }
}
