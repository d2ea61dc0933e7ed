using CiAgent.Security;

namespace CiAgent.Strategies.Tools;

/// <summary>Everything the agent tools need from the loop that drives them.</summary>
/// <param name="Root">Full path of the workspace root; must be the jail's root.</param>
/// <param name="Jail">Decides which paths may be read and written.</param>
/// <param name="RunBuild">Builds the target and returns the outcome as text for the model.</param>
/// <param name="RunTests">Runs the tests (with an optional dotnet test filter) and returns the outcome as text for the model.</param>
/// <param name="FileWritten">Called with the full path of every file a tool wrote, so the loop can journal and commit it.</param>
/// <param name="Redactor">Applied to every tool result's text before the model sees it, such as masking configured secret values.</param>
/// <param name="EditCheck">Checks an edit before it is written (full path, the whole new text); returns the refusal to give, or null to write it.</param>
public sealed record AgentToolContext(
    string Root,
    WorkspaceJail Jail,
    Func<CancellationToken, Task<string>> RunBuild,
    Func<string?, CancellationToken, Task<string>> RunTests,
    Action<string> FileWritten,
    Func<string, string>? Redactor = null,
    Func<string, string?, CancellationToken, Task<string?>>? EditCheck = null);
