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
/// <remarks>finish is a claim, not a verdict: the judge rebuilds and reruns the tests, and only its word ends the loop as healed.</remarks>
public sealed class AgentLoop(
    IChatClient chat,
    AgentToolbox toolbox,
    Func<CancellationToken, Task<Verdict>> judge,
    AgentLimits limits,
    TrajectoryWriter trajectory,
    ILogger log,
    int? maxInputTokens = null)
{
    private const string AnswerWithTools = "Answer with tool calls only. Check your work with run_build and run_tests, and call finish when the build and the tests pass.";

    /// <summary>Runs the loop from the harness-built first message.</summary>
    public async Task<AgentResult> RunAsync(string systemPrompt, string firstMessage, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, systemPrompt), new(ChatRole.User, firstMessage) };
        var options = new ChatOptions { Tools = [.. toolbox.Declarations], ToolMode = ChatToolMode.Auto, Temperature = 0f };
        var known = toolbox.Declarations.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var formatErrors = 0;
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
            if (calls.Count == 0)
            {
                formatErrors++;
                messages.Add(new ChatMessage(ChatRole.User, AnswerWithTools));
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
                        verdict = await judge(cancellationToken).ConfigureAwait(false);
                        finishSummary = result.FinishSummary;
                        result = verdict.Green
                            ? new ToolResult("Verified by the harness: the build and the tests pass.", IsError: false)
                            : new ToolResult($"Not done yet. The harness checked your work:\n{verdict.Summary}\nKeep going, then call finish again.", IsError: true);
                    }

                    results.Add(new FunctionResultContent(call.CallId, result.Text));
                    records.Add(new TrajectoryToolCall(call.Name, ArgumentsText(call), TextShape.Cap(result.Text, 4000), result.IsError));
                }

                formatErrors = malformed == calls.Count ? formatErrors + 1 : 0;
                messages.Add(new ChatMessage(ChatRole.Tool, results));
            }

            var after = Usage();
            trajectory.Append(new TrajectoryStep
            {
                Step = step,
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
            });

            if (verdict is { Green: true })
            {
                return new AgentResult(AgentOutcome.Healed, "The model finished and the harness verified the build and tests.", step, after, finishSummary);
            }
        }
    }

    private ModelUsage Usage() => chat.GetService<UsageTrackingChatClient>()?.Snapshot ?? new ModelUsage(0, 0, 0, 0, 0, 0m);

    private static string ArgumentsText(FunctionCallContent call) =>
        call.Arguments is null ? "{}" : TextShape.Cap(System.Text.Json.JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions), 4000);

}
