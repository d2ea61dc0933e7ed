using System.Diagnostics;
using CiAgent.Kernel;
using CiAgent.Models.Middleware;
using CiAgent.Strategies.Tools;
using Microsoft.Extensions.AI;
using Serilog;

namespace CiAgent.Strategies.Agent;

/// <summary>What the harness says when the model claims to be done: green or not, and what is still broken.</summary>
public sealed record Verdict(bool Green, string Summary);

/// <summary>How a model-driven attempt ended, with what it cost.</summary>
public sealed record AgentResult(AgentOutcome Outcome, string Reason, int Steps, ModelUsage Usage, string? Summary);

/// <summary>The model loop: check limits, ask the model, run its tool calls, answer in one tool message, save the step; until the harness agrees it is done.</summary>
/// <remarks>A closing call (finish, submit_plan, submit_review) is a claim, not a verdict: the judge checks it (rebuilds and reruns the tests, or validates the plan), and only its word ends the loop.</remarks>
public sealed class AgentLoop(
    IChatClient chat,
    AgentToolbox toolbox,
    Func<string, CancellationToken, Task<Verdict>> judge,
    AgentLimits limits,
    TrajectoryWriter trajectory,
    ILogger log,
    int? maxInputTokens = null)
{
    private const string AnswerWithTools = "Answer with tool calls only. Check your work with run_build and run_tests, and call finish when the build and the tests pass.";

    /// <summary>Builds the loop for a judge that only needs to know that the model claims to be done (the heal loop).</summary>
    public AgentLoop(IChatClient chat, AgentToolbox toolbox, Func<CancellationToken, Task<Verdict>> judge, AgentLimits limits, TrajectoryWriter trajectory, ILogger log, int? maxInputTokens = null)
        : this(chat, toolbox, (_, token) => judge(token), limits, trajectory, log, maxInputTokens)
    {
    }

    /// <summary>Runs the loop from the harness-built first message.</summary>
    public async Task<AgentResult> RunAsync(string systemPrompt, string firstMessage, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, systemPrompt), new(ChatRole.User, firstMessage) };
        var options = new ChatOptions { Tools = [.. toolbox.Declarations], ToolMode = ChatToolMode.Auto, Temperature = 0f };
        var known = toolbox.Declarations.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var formatErrors = 0;
        var watch = new ProgressWatch();
        var role = systemPrompt.StartsWith("Role: ", StringComparison.Ordinal) ? systemPrompt[6..].Split('\n')[0].Trim() : null;
        for (var step = 1; ; step++)
        {
            var spent = Usage();
            if (limits.Exceeded(spent.Calls, spent.InputTokens + spent.OutputTokens, spent.CostUsd) is { } limit)
            {
                return new AgentResult(AgentOutcome.LimitsExceeded, $"The model loop stopped at {limit}.", step - 1, spent, null);
            }

            if (formatErrors >= limits.MaxConsecutiveFormatErrors)
            {
                return new AgentResult(AgentOutcome.FormatErrors, $"The model gave {formatErrors} replies in a row without a usable tool call.", step - 1, spent, null);
            }

            var request = ConversationBudget.Fit(messages, maxInputTokens);
            var clock = Stopwatch.StartNew();
            var response = await chat.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
            var modelTime = clock.Elapsed;
            messages.AddRange(response.Messages);
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            log.Information("Model step {Step}: {Calls}", step, calls.Count == 0 ? "no tool call" : string.Join(", ", calls.Select(c => c.Name)));

            clock.Restart();
            var records = new List<TrajectoryToolCall>();
            Verdict? verdict = null;
            string? finishSummary = null;
            var closing = "";
            if (calls.Count == 0)
            {
                formatErrors++;
                messages.Add(new ChatMessage(ChatRole.User, known.Contains(AgentToolNames.RunBuild) ? AnswerWithTools : $"Answer with tool calls only, and end with {string.Join(" or ", toolbox.ClosingTools)}."));
            }
            else
            {
                var results = new List<AIContent>();
                var malformed = 0;
                foreach (var call in calls)
                {
                    var result = call.Exception is not null
                        ? new ToolResult($"Your arguments for {call.Name} are not valid JSON ({call.Exception.Message}). Send one JSON object with the documented parameters.", IsError: true)
                        : await toolbox.InvokeAsync(call.Name, call.Arguments, cancellationToken).ConfigureAwait(false);
                    malformed += call.Exception is not null || !known.Contains(call.Name) ? 1 : 0;
                    if (result.FinishSummary is not null && call.Exception is null)
                    {
                        verdict = await judge(result.FinishSummary, cancellationToken).ConfigureAwait(false);
                        finishSummary = result.FinishSummary;
                        closing = call.Name;
                        result = Answer(call.Name, verdict);
                        watch.Judged(call.Name, verdict.Green, verdict.Summary);
                    }

                    results.Add(new FunctionResultContent(call.CallId, result.Text));
                    records.Add(new TrajectoryToolCall(call.Name, ArgumentsText(call), TextShape.Cap(result.Text, 4000), result.IsError));
                    watch.Saw(call.Name, ArgumentsText(call), result.Text);
                }

                formatErrors = malformed == calls.Count ? formatErrors + 1 : 0;
                messages.Add(new ChatMessage(ChatRole.Tool, results));
            }

            var after = Usage();
            trajectory.Append(new TrajectoryStep
            {
                Step = step,
                Role = role,
                Model = response.ModelId,
                RequestMessages = request.Count,
                RequestTokensEstimate = ConversationBudget.Estimate(request),
                Text = string.IsNullOrWhiteSpace(response.Text) ? null : TextShape.Cap(response.Text, 4000),
                ToolCalls = records,
                InputTokens = after.InputTokens - spent.InputTokens,
                OutputTokens = after.OutputTokens - spent.OutputTokens,
                CostUsd = after.CostUsd,
                ModelSeconds = Math.Round(modelTime.TotalSeconds, 3),
                ToolSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Verified = verdict?.Summary,
                Stopped = verdict is { Green: true } || watch.Stalled is null ? null : "no-progress",
            });

            if (verdict is not { Green: true } && watch.Stalled is { } stalled)
            {
                return new AgentResult(AgentOutcome.NoProgress, stalled, step, after, null);
            }

            if (verdict is { Green: true })
            {
                return new AgentResult(AgentOutcome.Verified, $"The model called {closing} and the harness accepted it.", step, after, finishSummary);
            }
        }
    }

    // finish is judged by the build and the tests (a tester's, by its tests being red); the other closing calls by the harness's checks of what they submit.
    // An accepted finish is answered with the judge's own words: "the tests pass" would be false for a tester whose tests were accepted as red.
    private static ToolResult Answer(string tool, Verdict verdict) => (tool, verdict.Green) switch
    {
        (AgentToolNames.Finish, true) => new ToolResult($"Verified by the harness: {verdict.Summary}", IsError: false),
        (AgentToolNames.Finish, false) => new ToolResult($"Not done yet. The harness checked your work:\n{verdict.Summary}\nKeep going, then call finish again.", IsError: true),
        (_, true) => new ToolResult($"Accepted. {verdict.Summary}", IsError: false),
        _ => new ToolResult($"Not accepted:\n{verdict.Summary}\nCorrect it, then call {tool} again.", IsError: true),
    };

    private ModelUsage Usage() => chat.GetService<UsageTrackingChatClient>()?.Snapshot ?? new ModelUsage(0, 0, 0, 0, 0, 0m);

    private static string ArgumentsText(FunctionCallContent call) =>
        call.Arguments is null ? "{}" : TextShape.Cap(System.Text.Json.JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions), 4000);

}
