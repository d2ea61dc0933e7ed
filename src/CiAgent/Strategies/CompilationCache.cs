using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies;

/// <summary>The failing projects' compilations the offline tier loaded and found faithful to the real build, kept so later edits can be checked in memory.</summary>
/// <remarks>Only failing projects are kept, one compilation each, which bounds the memory a run holds.</remarks>
public sealed class CompilationCache
{
    private readonly Dictionary<string, CSharpCompilation> _byProject = new(StringComparer.Ordinal);

    /// <summary>Keeps a project's compilation, replacing any earlier one.</summary>
    public void Keep(string project, CSharpCompilation compilation) => _byProject[project] = compilation;

    /// <summary>Drops a project's compilation, when it no longer matches what the compiler would see.</summary>
    public void Forget(string project) => _byProject.Remove(project);

    /// <summary>The project's kept compilation, or null.</summary>
    public CSharpCompilation? Find(string project) => _byProject.GetValueOrDefault(project);
}
