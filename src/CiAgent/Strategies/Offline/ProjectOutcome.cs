using CiAgent.Context;

namespace CiAgent.Strategies.Offline;

/// <summary>What the offline fixers did to one project's in-memory compilation in a round.</summary>
/// <param name="Project">Full path of the .csproj.</param>
/// <param name="HiddenBehind">The project whose failure kept this one from compiling in the build, or null when the build compiled it.</param>
/// <param name="Outcome">The fixes, changed files and errors before and after, in memory.</param>
/// <param name="Analyzers">The analyzers the project's build runs, when known.</param>
internal sealed record ProjectOutcome(string Project, string? HiddenBehind, OfflineFixOutcome Outcome, ProjectAnalyzers? Analyzers = null);
