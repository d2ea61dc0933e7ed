using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Security;
using CiAgent.Strategies.Tools;
using CiAgent.Verification;
using CiAgent.Workspace;
using Microsoft.Extensions.AI;
using Serilog;

namespace CiAgent.Strategies.Agent;

/// <summary>Settings of the model tier, fixed for a run.</summary>
public sealed record ModelTierOptions
{
    /// <summary>The budget.</summary>
    public AgentLimits Limits { get; init; } = new();

    /// <summary>Whether the tests must pass too.</summary>
    public bool RunTests { get; init; } = true;

    /// <summary>Whether the model may edit test files.</summary>
    public bool AllowTestEdits { get; init; }

    /// <summary>Extra paths the model may read but not write.</summary>
    public IReadOnlyList<string> ProtectedPaths { get; init; } = [];

    /// <summary>Where the trajectory goes.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Removes secrets from text before it is stored.</summary>
    public Func<string, string> Redact { get; init; } = text => text;

    /// <summary>The model's input limit, when it has a small one.</summary>
    public int? MaxInputTokens { get; init; }

    /// <summary>Checks the changes so far against the integrity policy; returns the refusal to tell the model, or null.</summary>
    public Func<CancellationToken, Task<string?>>? PolicyCheck { get; init; }

    /// <summary>Checks one edit against the integrity policy before it is written; returns the refusal to give, or null.</summary>
    public Func<string, string?, CancellationToken, Task<string?>>? EditCheck { get; init; }

    /// <summary>Called with every state the harness verifies, for the run's history.</summary>
    public Action<BuildTestVerdict>? OnVerified { get; init; }

    /// <summary>Compilations the offline tier kept, for checking edits in memory before any build; null to always build.</summary>
    public CompilationCache? Compilations { get; init; }

    /// <summary>Where the run's time goes, by phase.</summary>
    public RunTimings? Timings { get; init; }

    /// <summary>Token budget of the first prompt.</summary>
    public int FirstPromptTokens { get; init; } = 6000;

    /// <summary>True when the caller sets flakes apart after the loop, so a finish whose only new failures pass on a rerun ends it (see <see cref="WorkspaceChecks"/>).</summary>
    public bool ConfirmNewFailures { get; init; }
}

/// <summary>What the model tier achieved: its outcome, the final and best states it verified, and the files of the best state.</summary>
public sealed record ModelTierResult(AgentResult Agent, BuildTestVerdict Final, BuildTestVerdict Best, IReadOnlyDictionary<string, byte[]> BestFiles, string FirstPrompt);

/// <summary>The second tier: hands what the offline tier could not heal to a model, through the tool loop, and judges the result itself.</summary>
/// <param name="workspace">The run's workspace.</param>
/// <param name="verifier">The harness's verifier.</param>
/// <param name="chat">The model.</param>
/// <param name="options">The tier's settings.</param>
/// <param name="log">The run's log.</param>
/// <param name="binding">The failing tests' calls, bound in the background since the baseline; null binds them when needed.</param>
public sealed class ModelTier(RunWorkspace workspace, Verifier verifier, IChatClient chat, ModelTierOptions options, ILogger log, FailingTestBinding? binding = null)
{
    /// <summary>Runs the model loop on a broken state (flaky tests already set apart).</summary>
    public async Task<ModelTierResult> RunAsync(BuildTestVerdict state, IReadOnlyCollection<string> flaky, CancellationToken cancellationToken)
    {
        var failing = state.Tests?.Failures.Select(f => f.FullName).Where(n => !flaky.Contains(n)).ToList() ?? [];
        var tracker = new BestStateTracker(workspace, state, options.OnVerified);
        var catalog = new SourceCatalog(workspace.Root);
        var budget = Math.Min(options.FirstPromptTokens, options.MaxInputTokens is { } max ? max / 2 : int.MaxValue);
        var called = await (binding ?? new FailingTestBinding(workspace, verifier, log)).GetAsync(state, flaky, cancellationToken).ConfigureAwait(false);
        var prompt = new PromptBuilder(catalog, budget, called).Build(workspace.Relative(workspace.Target), state.Build, state.Tests, flaky);

        var checks = new WorkspaceChecks(workspace, verifier, tracker, failing, flaky, options.Compilations, options.Timings, options.ConfirmNewFailures);
        var jail = new WorkspaceJail(workspace.Root, options.ProtectedPaths, options.AllowTestEdits);
        var toolbox = new AgentToolbox(new AgentToolContext(
            workspace.Root,
            jail,
            checks.BuildAsync,
            checks.TestsAsync,
            path => workspace.Track(path),
            options.Redact,
            options.EditCheck));
        var trajectory = new TrajectoryWriter(Path.Combine(options.OutputDirectory, "trajectory.jsonl"), options.Redact);
        log.Information("Model tier: first prompt of about {Tokens} tokens", PromptBuilder.EstimateTokens(prompt));
        var loop = new AgentLoop(chat, toolbox, token => checks.JudgeAsync(options.PolicyCheck, options.RunTests, token), options.Limits, trajectory, log, options.MaxInputTokens);
        var result = await loop.RunAsync(SystemPrompt.ForHealing(options.AllowTestEdits), prompt, cancellationToken).ConfigureAwait(false);
        return new ModelTierResult(result, tracker.Latest, tracker.Best, tracker.BestFiles, prompt);
    }
}
