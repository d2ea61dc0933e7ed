using CiAgent.Context;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies;

/// <summary>The failing projects' compilations the offline tier loaded and found faithful to the real build, kept so later edits can be checked in memory.</summary>
/// <remarks>Only failing projects are kept, one compilation each, which bounds the memory a run holds.</remarks>
public sealed class CompilationCache
{
    private readonly Dictionary<string, CSharpCompilation> _byProject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProjectAnalyzers> _analyzers = new(StringComparer.Ordinal);

    /// <summary>Keeps a project's compilation, replacing any earlier one, with the analyzers its build runs when they are known.</summary>
    public void Keep(string project, CSharpCompilation compilation, ProjectAnalyzers? analyzers = null)
    {
        _byProject[project] = compilation;
        if (analyzers is not null)
        {
            _analyzers[project] = analyzers;
        }
    }

    /// <summary>Drops a project's compilation, when it no longer matches what the compiler would see.</summary>
    public void Forget(string project)
    {
        _byProject.Remove(project);
        _analyzers.Remove(project);
    }

    /// <summary>Stops memory vouching for a project's clean edits, once a real build found errors there that memory did not.</summary>
    public void Distrust(string project) => _analyzers.Remove(project);

    /// <summary>The project's kept compilation, or null.</summary>
    public CSharpCompilation? Find(string project) => _byProject.GetValueOrDefault(project);

    /// <summary>The analyzers the project's build runs, or null when they are not known.</summary>
    public ProjectAnalyzers? AnalyzersOf(string project) => _analyzers.GetValueOrDefault(project);
}
