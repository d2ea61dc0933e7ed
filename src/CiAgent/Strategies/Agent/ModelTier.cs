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
}

/// <summary>What the model tier achieved: its outcome, the final and best states it verified, and the files of the best state.</summary>
public sealed record ModelTierResult(AgentResult Agent, BuildTestVerdict Final, BuildTestVerdict Best, IReadOnlyDictionary<string, byte[]> BestFiles, string FirstPrompt);

/// <summary>The second tier: hands what the offline tier could not heal to a model, through the tool loop, and judges the result itself.</summary>
public sealed class ModelTier(RunWorkspace workspace, Verifier verifier, IChatClient chat, ModelTierOptions options, ILogger log)
{
    /// <summary>Runs the model loop on a broken state (flaky tests already set apart).</summary>
    public async Task<ModelTierResult> RunAsync(BuildTestVerdict state, IReadOnlyCollection<string> flaky, CancellationToken cancellationToken)
    {
        var failing = state.Tests?.Failures.Select(f => f.FullName).Where(n => !flaky.Contains(n)).ToList() ?? [];
        var tracker = new BestStateTracker(workspace, state, options.OnVerified);
        var catalog = new SourceCatalog(workspace.Root);
        var budget = Math.Min(options.FirstPromptTokens, options.MaxInputTokens is { } max ? max / 2 : int.MaxValue);
        var called = await BindFailingTestsAsync(state, flaky, cancellationToken).ConfigureAwait(false);
        var prompt = new PromptBuilder(catalog, budget, called).Build(workspace.Relative(workspace.Target), state.Build, state.Tests, flaky);

        var checks = new WorkspaceChecks(workspace, verifier, tracker, failing, flaky, options.Compilations, options.Timings);
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

    // Tests fail only on a green build, so their projects load; what the compiler binds replaces guessing by names.
    private async Task<FailureCallGraph> BindFailingTestsAsync(BuildTestVerdict state, IReadOnlyCollection<string> flaky, CancellationToken cancellationToken)
    {
        var failures = state.Tests?.Failures.Where(f => !flaky.Contains(f.FullName)).Take(8).ToList() ?? [];
        if (!state.Build.Succeeded || failures.Count == 0)
        {
            return FailureCallGraph.Empty;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loader = new ProjectCompilationLoader(TimeSpan.FromMinutes(2));
        // The baseline build's own compiler calls spare a dotnet msbuild evaluation per project.
        loader.UseCompilerCallsFrom(verifier.BaselineLog);
        FailureCallGraph called;
        try
        {
            called = await FailureCallGraph.BindAsync(workspace.Root, failures, loader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The bound context only sharpens the first prompt; code Roslyn cannot walk must not cost the run its model tier.
            log.Warning("Model tier: could not bind the failing tests' calls ({Error}); the prompt names the code instead", TextShape.OneLine(e.Message));
            return FailureCallGraph.Empty;
        }

        log.Information("Model tier: bound the calls of {Bound} of {Failing} failing {Tests} in {Seconds:0.0} s", called.Count, failures.Count, failures.Count == 1 ? "test" : "tests", clock.Elapsed.TotalSeconds);
        foreach (var problem in called.Problems)
        {
            log.Debug("Model tier: could not load a project to bind tests: {Problem}", problem);
        }

        return called;
    }
}
