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
/// <remarks>
/// The two halves run apart (<see cref="FixFailingAsync"/>, then <see cref="FixHiddenAsync"/>) so that the round's real build can
/// start on the failing projects' fixes while their hidden dependants are checked. A failing project never waits on a hidden one:
/// a project behind one that did not compile was not compiled either, so it cannot have compiler errors of its own in the build.
/// </remarks>
/// <param name="load">Loads a project's compilation from the compiler's own arguments, or null when it cannot be loaded.</param>
/// <param name="graph">The build's projects and their references.</param>
/// <param name="fix">Runs the fixers on one project's compilation in memory.</param>
/// <param name="loadHidden">Loads a hidden dependant's compilation, when that differs from <paramref name="load"/> (its time may be spent beside a build).</param>
/// <param name="leftToBuild">Told a hidden dependant that cannot be checked in memory, and why.</param>
internal sealed class CrossProjectPass(
    Func<string, CancellationToken, Task<ProjectCompilation?>> load,
    ProjectGraph graph,
    Func<ProjectCompilation, CancellationToken, Task<OfflineFixOutcome>> fix,
    Func<string, CancellationToken, Task<ProjectCompilation?>>? loadHidden = null,
    Action<string, string>? leftToBuild = null)
{
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hidden = new(StringComparer.Ordinal);
    private readonly HashSet<string> _checked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hiddenBehind = new(StringComparer.Ordinal);
    // Each project fixed in memory so far, with the framework its compilation was loaded for.
    private readonly Dictionary<string, (OfflineFixOutcome Outcome, string? Framework)> _inMemory = new(StringComparer.Ordinal);

    /// <summary>Whether fixing the projects so far uncovered C# dependants that <see cref="FixHiddenAsync(CancellationToken)"/> has not checked yet.</summary>
    public bool HasUncheckedDependants => _hidden.Except(_checked).Any();

    /// <summary>Runs the fixers over the failing projects, each after the projects it references, telling each outcome as soon as it is known.</summary>
    public async Task<IReadOnlyList<ProjectOutcome>> FixFailingAsync(IReadOnlyList<string> failing, Action<ProjectOutcome>? fixedOne, CancellationToken cancellationToken)
    {
        var outcomes = new List<ProjectOutcome>();
        _failing.UnionWith(failing);
        // The graph's order puts references first; a project the graph does not list goes last.
        foreach (var project in graph.Order.Where(_failing.Contains).Concat(failing.Where(p => !graph.Order.Contains(p, StringComparer.Ordinal))))
        {
            if (await FixAsync(project, load, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                outcomes.Add(outcome);
                fixedOne?.Invoke(outcome);
            }
        }

        return outcomes;
    }

    /// <summary>Runs the fixers over the dependants the failing projects' fixes uncovered and not yet checked, against those fixes in memory.</summary>
    public Task<IReadOnlyList<ProjectOutcome>> FixHiddenAsync(CancellationToken cancellationToken) => FixHiddenAsync(_ => true, cancellationToken);

    /// <summary>Runs the fixers over the uncovered dependants the filter wants, each once; the others wait for a later call.</summary>
    public async Task<IReadOnlyList<ProjectOutcome>> FixHiddenAsync(Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        var outcomes = new List<ProjectOutcome>();
        // A dependant added on the way comes later in the graph's order, so the same walk reaches it.
        foreach (var project in graph.Order)
        {
            if (!_hidden.Contains(project) || _checked.Contains(project) || !wanted(project) || !StillCompilesAfter(project))
            {
                continue;
            }

            _checked.Add(project);

            if (await FixAsync(project, loadHidden ?? load, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    private async Task<ProjectOutcome?> FixAsync(string project, Func<string, CancellationToken, Task<ProjectCompilation?>> loadOne, CancellationToken cancellationToken)
    {
        if (await loadOne(project, cancellationToken).ConfigureAwait(false) is not { } loaded)
        {
            return null;
        }

        if (_hiddenBehind.ContainsKey(project) && OtherFrameworkReference(loaded, project) is { } why)
        {
            leftToBuild?.Invoke(project, why);
            return null;
        }

        var compilation = WithReferencesFixed(BuildFaithful(loaded), project);
        var outcome = await fix(loaded with { Compilation = compilation }, cancellationToken).ConfigureAwait(false);
        _inMemory[project] = (outcome, loaded.TargetFramework);

        // Only a project the fixes make compile lets the build reach its dependants, so only then is fixing them checked by the rebuild.
        if (outcome.Changed && outcome.ErrorsAfter.Count == 0)
        {
            // The fixers are Roslyn C# ones: an F# or VB dependant is left to the rebuild.
            foreach (var dependant in graph.DependantsOf(project).Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && !_failing.Contains(p) && _hidden.Add(p)))
            {
                _hiddenBehind[dependant] = project;
            }
        }

        return new ProjectOutcome(project, _hiddenBehind.GetValueOrDefault(project), outcome, loaded.Analyzers);
    }

    // A multi-targeting project is fixed in memory for one framework; a dependant that references its build for another would see
    // that framework's references clash with its own (CS1705), so it is left to the real build. Null when every reference matches.
    private string? OtherFrameworkReference(ProjectCompilation loaded, string project)
    {
        foreach (var (dependency, (outcome, framework)) in _inMemory)
        {
            if (framework is null || !graph.DependsOn(project, dependency))
            {
                continue;
            }

            // Read from the project files only for a dependency that matters here.
            var others = ProjectFrameworks.Named(dependency).Where(f => !string.Equals(f, framework, StringComparison.OrdinalIgnoreCase)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (others.Count == 0)
            {
                continue;
            }

            var assembly = outcome.Compilation.AssemblyName;
            // A reference to a build that failed is absent from the compilation but still named by the compiler's arguments.
            var paths = loaded.Compilation.References.OfType<PortableExecutableReference>().Select(r => r.FilePath!).Concat(loaded.MissingReferences);
            foreach (var path in paths.Where(p => string.Equals(Path.GetFileNameWithoutExtension(p), assembly, StringComparison.OrdinalIgnoreCase)))
            {
                var folders = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                if (!folders.Contains(framework, StringComparer.OrdinalIgnoreCase) && folders.FirstOrDefault(others.Contains) is { } built)
                {
                    return $"it references {Path.GetFileName(dependency)} built for {built}, which was fixed in memory for {framework}";
                }
            }
        }

        return null;
    }

    // A dependant stays hidden while any project it references is still broken in memory.
    private bool StillCompilesAfter(string project) =>
        _inMemory.All(known => known.Value.Outcome.ErrorsAfter.Count == 0 || !graph.DependsOn(project, known.Key));

    /// <summary>Gives the compilation csc's strong-name provider, so a signed assembly gets its real public key (InternalsVisibleTo with a key depends on it).</summary>
    private static CSharpCompilation BuildFaithful(ProjectCompilation loaded)
    {
        var options = loaded.Compilation.Options;
        return options.CryptoKeyFile is null && options.CryptoKeyContainer is null
            ? loaded.Compilation
            : loaded.Compilation.WithOptions(options.WithStrongNameProvider(new DesktopStrongNameProvider([Path.GetDirectoryName(loaded.ProjectPath)!])));
    }

    /// <summary>Swaps the on-disk assembly of every referenced project fixed in memory for that fixed compilation (stale or absent on disk, since it failed).</summary>
    private CSharpCompilation WithReferencesFixed(CSharpCompilation compilation, string project)
    {
        foreach (var (dependency, (outcome, _)) in _inMemory)
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
