using CiAgent.Kernel;
using CiAgent.Models;
using CiAgent.Models.Middleware;
using CiAgent.Policy;
using CiAgent.Verification;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Agent;

/// <summary>The model tier behind the orchestrator's interface: applies to anything still red, spends from the run's one budget, and keeps its best attempt.</summary>
public sealed class ModelHealTier(IChatClient chat, ModelTierOptions options, IntegrityPolicyOptions policy) : IHealTier
{
    private FailingTestBinding? _binding;

    /// <inheritdoc/>
    public string Name => "model";

    /// <inheritdoc/>
    public bool Applies(BuildTestVerdict verdict) => !verdict.Green;

    /// <inheritdoc/>
    /// <remarks>Binds the failing tests' calls for the first prompt, which otherwise waits for the flake reruns to end.</remarks>
    public void Anticipate(TierContext context, BuildTestVerdict verdict, CancellationToken cancellationToken)
    {
        _binding = new FailingTestBinding(context.Workspace, context.Verifier, context.Log);
        _binding.Start(verdict, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<BuildTestVerdict> HealAsync(TierContext context, BuildTestVerdict verdict, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        var profile = chat.GetService<ModelProfile>();
        var gate = new PolicyGate(context.Workspace, policy);
        var tier = new ModelTier(context.Workspace, context.Verifier, chat, options with
        {
            RunTests = context.RunTests,
            MaxInputTokens = profile?.MaxInputTokens,
            OnVerified = progress.Record,
            Timings = context.Timings,
            PolicyCheck = async token => PolicyGate.Refusal(await gate.CheckAsync(token).ConfigureAwait(false)),
            EditCheck = gate.EditRefusalAsync,
        }, context.Log, _binding);
        progress.Artifacts["trajectory"] = Path.Combine(options.OutputDirectory, "trajectory.jsonl");
        try
        {
            var result = await context.Timings.ExclusiveAsync("model", () => tier.RunAsync(verdict, [.. progress.FlakyTests.Select(t => t.Name)], cancellationToken)).ConfigureAwait(false);
            progress.Iterations += result.Agent.Steps;
            progress.BestFiles = result.BestFiles;
            if (result.Agent.Outcome == AgentOutcome.Verified)
            {
                progress.Fixes.Add(new FixReport("model", profile?.Model ?? "model", "", null, 0, options.Redact(result.Agent.Summary ?? "The model's fix, verified by the harness.")));
                return result.Final;
            }

            progress.StopReason = result.Agent.Reason;
            progress.NoProgressStops += result.Agent.Outcome == AgentOutcome.NoProgress ? 1 : 0;
            return result.Best;
        }
        finally
        {
            if (chat.GetService<UsageTrackingChatClient>()?.Snapshot is { } usage)
            {
                progress.ModelCalls = usage.Calls;
                progress.InputTokens = usage.InputTokens;
                progress.OutputTokens = usage.OutputTokens;
                progress.CostUsd = usage.CostUsd;
            }
        }
    }
}
