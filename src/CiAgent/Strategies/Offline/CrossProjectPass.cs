using System.Collections.Immutable;
using CiAgent.Context;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// Fixes the failing projects in memory, then every project that depends on one that now compiles, against its fixed compilation:
/// errors hidden behind a failing project (a rename's uses elsewhere) are fixed in the same round as their cause.
/// </summary>
/// <param name="load">Loads a project's compilation from the compiler's own arguments, or null when it cannot be loaded.</param>
/// <param name="graph">The build's projects and their references.</param>
/// <param name="fix">Runs the fixers on one project's compilation in memory.</param>
/// <param name="fixedOne">Told each project's outcome as soon as it is known, before the pass moves on to its dependants.</param>
internal sealed class CrossProjectPass(
    Func<string, CancellationToken, Task<ProjectCompilation?>> load,
    ProjectGraph graph,
    Func<ProjectCompilation, CancellationToken, Task<OfflineFixOutcome>> fix,
    Action<ProjectOutcome>? fixedOne = null)
{
    /// <summary>Runs the fixers over the failing projects and the dependants they uncover, each after the projects it references.</summary>
    public async Task<IReadOnlyList<ProjectOutcome>> RunAsync(IReadOnlyList<string> failing, CancellationToken cancellationToken)
    {
        var pending = new HashSet<string>(failing, StringComparer.Ordinal);
        var hiddenBehind = new Dictionary<string, string>(StringComparer.Ordinal);
        var inMemory = new Dictionary<string, OfflineFixOutcome>(StringComparer.Ordinal);
        var outcomes = new List<ProjectOutcome>();
        // The graph's order puts references first, so a dependant added on the way is reached later in the same walk.
        foreach (var project in graph.Order.Concat(failing.Where(p => !graph.Order.Contains(p, StringComparer.Ordinal))))
        {
            if (!pending.Contains(project) || (hiddenBehind.ContainsKey(project) && !StillCompilesAfter(project, inMemory)))
            {
                continue;
            }

            if (await load(project, cancellationToken).ConfigureAwait(false) is not { } loaded)
            {
                continue;
            }

            var compilation = WithReferencesFixed(BuildFaithful(loaded), project, inMemory);
            var outcome = await fix(loaded with { Compilation = compilation }, cancellationToken).ConfigureAwait(false);
            var projectOutcome = new ProjectOutcome(project, hiddenBehind.GetValueOrDefault(project), outcome, loaded.Analyzers);
            outcomes.Add(projectOutcome);
            fixedOne?.Invoke(projectOutcome);
            inMemory[project] = outcome;

            // Only a project the fixes make compile lets the build reach its dependants, so only then is fixing them checked by the rebuild.
            if (outcome.Changed && outcome.ErrorsAfter.Count == 0)
            {
                // The fixers are Roslyn C# ones: an F# or VB dependant is left to the rebuild.
                foreach (var dependant in graph.DependantsOf(project).Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && pending.Add(p)))
                {
                    hiddenBehind[dependant] = project;
                }
            }
        }

        return outcomes;
    }

    // A dependant stays hidden while any project it references is still broken in memory.
    private bool StillCompilesAfter(string project, Dictionary<string, OfflineFixOutcome> inMemory) =>
        inMemory.All(known => known.Value.ErrorsAfter.Count == 0 || !graph.DependsOn(project, known.Key));

    /// <summary>Gives the compilation csc's strong-name provider, so a signed assembly gets its real public key (InternalsVisibleTo with a key depends on it).</summary>
    private static CSharpCompilation BuildFaithful(ProjectCompilation loaded)
    {
        var options = loaded.Compilation.Options;
        return options.CryptoKeyFile is null && options.CryptoKeyContainer is null
            ? loaded.Compilation
            : loaded.Compilation.WithOptions(options.WithStrongNameProvider(new DesktopStrongNameProvider([Path.GetDirectoryName(loaded.ProjectPath)!])));
    }

    /// <summary>Swaps the on-disk assembly of every referenced project fixed in memory for that fixed compilation (stale or absent on disk, since it failed).</summary>
    private CSharpCompilation WithReferencesFixed(CSharpCompilation compilation, string project, Dictionary<string, OfflineFixOutcome> inMemory)
    {
        foreach (var (dependency, outcome) in inMemory)
        {
            if (!graph.DependsOn(project, dependency))
            {
                continue;
            }

            var fixedAssembly = outcome.Compilation;
            var onDisk = compilation.References
                .OfType<PortableExecutableReference>()
                .Where(r => string.Equals(Path.GetFileNameWithoutExtension(r.FilePath), fixedAssembly.AssemblyName, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var aliases = onDisk.SelectMany(r => r.Properties.Aliases).Distinct(StringComparer.Ordinal).ToImmutableArray();
            compilation = compilation.RemoveReferences(onDisk).AddReferences(fixedAssembly.ToMetadataReference(aliases));
        }

        return compilation;
    }
}
