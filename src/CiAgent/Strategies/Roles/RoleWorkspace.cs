using CiAgent.Security;
using CiAgent.Strategies.Tools;

namespace CiAgent.Strategies.Roles;

/// <summary>What one role may do in the workspace: its jail, its tools, and how its build and test tools run.</summary>
/// <param name="Jail">What the role may read and write.</param>
/// <param name="Tools">The standard tools it has, by name.</param>
/// <param name="RunBuild">Builds, returning the outcome as text for the model.</param>
/// <param name="RunTests">Runs tests (with an optional filter), returning the outcome as text for the model.</param>
/// <param name="FileWritten">Called with the full path of every file the role wrote.</param>
/// <param name="EditCheck">Checks an edit against the integrity policy before it is written; null for roles that do not write.</param>
public sealed record RoleWorkspace(
    WorkspaceJail Jail,
    IReadOnlyCollection<string> Tools,
    Func<CancellationToken, Task<string>> RunBuild,
    Func<string?, CancellationToken, Task<string>> RunTests,
    Action<string> FileWritten,
    Func<string, string?, CancellationToken, Task<string?>>? EditCheck = null)
{
    /// <summary>The role's own closing tool, when it is not finish.</summary>
    internal IAgentTool[] Closing { get; init; } = [];

    /// <summary>A workspace for a role that only reads, ending with its own closing call.</summary>
    internal static RoleWorkspace ReadOnly(WorkspaceJail jail, IAgentTool closing) =>
        new(jail, AgentToolbox.ReadingTools, _ => Task.FromResult(""), (_, _) => Task.FromResult(""), _ => { }) { Closing = [closing] };
}
