using CiAgent.Kernel;

namespace CiAgent.Strategies.Agent;

/// <summary>What checking the edits in memory said: the edited projects' errors, or that they compile.</summary>
/// <param name="Build">The errors found, or none when the edited projects compile.</param>
/// <param name="Projects">The edited projects checked.</param>
internal sealed record MemoryAnswer(BuildResult Build, IReadOnlyList<string> Projects);
