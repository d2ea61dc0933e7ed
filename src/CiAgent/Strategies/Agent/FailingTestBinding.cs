using System.Diagnostics;
using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog;

namespace CiAgent.Strategies.Agent;

/// <summary>
/// Binds what the failing tests call, for the model's first prompt: started as soon as the baseline shows failing tests, so that
/// Roslyn's work overlaps the flake reruns' test processes instead of following them; bound again when the tests it covered are
/// not the ones still failing.
/// </summary>
/// <param name="workspace">The run's workspace.</param>
/// <param name="verifier">The harness's verifier, whose baseline build recorded the compiler calls.</param>
/// <param name="log">The run's log.</param>
public sealed class FailingTestBinding(RunWorkspace workspace, Verifier verifier, ILogger log)
{
    /// <summary>How many failing tests are bound at most; the prompt has no room for more.</summary>
    public const int MostTests = 8;

    private (IReadOnlyList<TestFailure> Tests, Task<(FailureCallGraph Graph, TimeSpan Took)> Binding)? _started;

    /// <summary>Starts binding the first failing tests of a green build in the background; a later start replaces an earlier one.</summary>
    public void Start(BuildTestVerdict state, CancellationToken cancellationToken)
    {
        var failures = Failing(state, []);
        if (failures.Count > 0)
        {
            _started = (failures, Task.Run(() => BindAsync(failures, cancellationToken), cancellationToken));
        }
    }

    /// <summary>The calls of the failing tests that are not flaky: the background binding when it covered exactly them, else a new one.</summary>
    public async Task<FailureCallGraph> GetAsync(BuildTestVerdict state, IReadOnlyCollection<string> flaky, CancellationToken cancellationToken)
    {
        var failures = Failing(state, flaky);
        if (failures.Count == 0)
        {
            return FailureCallGraph.Empty;
        }

        var (graph, took) = _started is { } started && started.Tests.Select(t => t.FullName).SequenceEqual(failures.Select(t => t.FullName))
            ? await started.Binding.WaitAsync(cancellationToken).ConfigureAwait(false)
            : await BindAsync(failures, cancellationToken).ConfigureAwait(false);
        log.Information("Model tier: bound the calls of {Bound} of {Failing} failing {Tests} in {Seconds:0.0} s", graph.Count, failures.Count, failures.Count == 1 ? "test" : "tests", took.TotalSeconds);

        foreach (var problem in graph.Problems)
        {
            log.Debug("Model tier: could not load a project to bind tests: {Problem}", problem);
        }

        return graph;
    }

    // Tests fail only on a green build, so their projects load; what the compiler binds replaces guessing by names.
    private static List<TestFailure> Failing(BuildTestVerdict state, IReadOnlyCollection<string> flaky) =>
        state.Build.Succeeded ? state.Tests?.Failures.Where(f => !flaky.Contains(f.FullName)).Take(MostTests).ToList() ?? [] : [];

    private async Task<(FailureCallGraph Graph, TimeSpan Took)> BindAsync(IReadOnlyList<TestFailure> failures, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var loader = new ProjectCompilationLoader(TimeSpan.FromMinutes(2));
        // The baseline build's own compiler calls spare a dotnet msbuild evaluation per project.
        loader.UseCompilerCallsFrom(verifier.BaselineLog);
        try
        {
            return (await FailureCallGraph.BindAsync(workspace.Root, [.. failures], loader, cancellationToken).ConfigureAwait(false), clock.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The bound context only sharpens the first prompt; code Roslyn cannot walk must not cost the run its model tier.
            log.Warning("Model tier: could not bind the failing tests' calls ({Error}); the prompt names the code instead", TextShape.OneLine(e.Message));
            return (FailureCallGraph.Empty, clock.Elapsed);
        }
    }
}
