using CiAgent.Models;
using CiAgent.Models.Middleware;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Tools;
using Microsoft.Extensions.AI;
using Serilog;

namespace CiAgent.Strategies.Roles;

/// <summary>Runs one role as its own conversation through the shared agent loop: the run's one budget, one trajectory file, and the role's own tools and judge.</summary>
/// <param name="chat">The run's model pipeline; its usage is the run's one budget.</param>
/// <param name="limits">The run's limits, checked before every call of every role.</param>
/// <param name="trajectory">The run's trajectory, written after every step of every role.</param>
/// <param name="redact">Applied to every tool result before the model sees it.</param>
/// <param name="log">The run's log.</param>
public sealed class RoleConversation(IChatClient chat, AgentLimits limits, TrajectoryWriter trajectory, Func<string, string> redact, ILogger log)
{
    /// <summary>Runs the role until its closing call is accepted by <paramref name="judge"/> or a limit is reached.</summary>
    /// <param name="systemPrompt">The role's standing instructions (first line "Role: name").</param>
    /// <param name="firstMessage">The harness-built first message.</param>
    /// <param name="workspace">What the role's tools work on, and which of them it has.</param>
    /// <param name="judge">Judges the closing call's claim (finish's summary, or the submitted JSON).</param>
    /// <param name="cancellationToken">Cancels the conversation.</param>
    public async Task<RoleResult> RunAsync(string systemPrompt, string firstMessage, RoleWorkspace workspace, Func<string, CancellationToken, Task<Verdict>> judge, CancellationToken cancellationToken)
    {
        var role = systemPrompt[6..].Split('\n')[0].Trim();
        var context = new AgentToolContext(workspace.Jail.Root, workspace.Jail, workspace.RunBuild, workspace.RunTests, workspace.FileWritten, redact, workspace.EditCheck);
        var toolbox = new AgentToolbox(context, workspace.Tools, workspace.Closing);
        var before = Usage();
        log.Information("Role {Role}: starting", role);
        var loop = new AgentLoop(chat, toolbox, judge, limits, trajectory, log, chat.GetService<Models.ModelProfile>()?.MaxInputTokens);
        var result = await loop.RunAsync(systemPrompt, firstMessage, cancellationToken).ConfigureAwait(false);
        var after = Usage();
        log.Information("Role {Role}: {Outcome} after {Steps} steps", role, result.Outcome, result.Steps);
        return new RoleResult(role, result, after.Calls - before.Calls, after.InputTokens - before.InputTokens, after.OutputTokens - before.OutputTokens, after.CostUsd - before.CostUsd);
    }

    private ModelUsage Usage() => chat.GetService<UsageTrackingChatClient>()?.Snapshot ?? new ModelUsage(0, 0, 0, 0, 0, 0m);
}
