using CiAgent.Context;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies;

/// <summary>The failing projects' compilations the offline tier loaded and found faithful to the real build, kept so later edits can be checked in memory.</summary>
/// <remarks>Only failing projects are kept, one compilation each, which bounds the memory a run holds.</remarks>
public sealed class CompilationCache
{
    private readonly Dictionary<string, CSharpCompilation> _byProject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProjectAnalyzers> _analyzers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<CSharpCompilation, bool>> _unchecked = new(StringComparer.Ordinal);

    /// <summary>Keeps a project's compilation, replacing any earlier one, with the analyzers its build runs when they are known.</summary>
    public void Keep(string project, CSharpCompilation compilation, ProjectAnalyzers? analyzers = null)
    {
        _byProject[project] = compilation;
        _unchecked.Remove(project);
        if (analyzers is not null)
        {
            _analyzers[project] = analyzers;
        }
    }

    /// <summary>Keeps a compilation whose faithfulness to the real build is checked only when it is first asked for, since most runs never ask.</summary>
    public void KeepUnchecked(string project, CSharpCompilation compilation, ProjectAnalyzers? analyzers, Func<CSharpCompilation, bool> faithful)
    {
        Keep(project, compilation, analyzers);
        _unchecked[project] = faithful;
    }

    /// <summary>Drops a project's compilation, when it no longer matches what the compiler would see.</summary>
    public void Forget(string project)
    {
        _byProject.Remove(project);
        _analyzers.Remove(project);
        _unchecked.Remove(project);
    }

    /// <summary>Stops memory vouching for a project's clean edits, once a real build found errors there that memory did not.</summary>
    public void Distrust(string project) => _analyzers.Remove(project);

    /// <summary>The project's kept compilation, or null (also when its deferred check finds it unfaithful, which forgets it).</summary>
    public CSharpCompilation? Find(string project)
    {
        if (!_byProject.TryGetValue(project, out var compilation))
        {
            return null;
        }

        if (_unchecked.Remove(project, out var faithful) && !faithful(compilation))
        {
            Forget(project);
            return null;
        }

        return compilation;
    }

    /// <summary>The analyzers the project's build runs, or null when they are not known.</summary>
    public ProjectAnalyzers? AnalyzersOf(string project) => _analyzers.GetValueOrDefault(project);
}
