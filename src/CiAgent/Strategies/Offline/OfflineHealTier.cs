using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Verification;

namespace CiAgent.Strategies.Offline;

/// <summary>The offline tier behind the orchestrator's interface: applies to a broken build, never calls a model.</summary>
/// <param name="loader">Loads a failing project's compilation.</param>
/// <param name="compilations">Where compilations that agree with the real build are kept for the model tier's in-memory checks, when it runs.</param>
public sealed class OfflineHealTier(ProjectCompilationLoader loader, CompilationCache? compilations = null) : IHealTier
{
    /// <inheritdoc/>
    public string Name => "offline";

    /// <inheritdoc/>
    public bool Applies(BuildTestVerdict verdict) => !verdict.Build.Succeeded;

    /// <inheritdoc/>
    public async Task<BuildTestVerdict> HealAsync(TierContext context, BuildTestVerdict verdict, CancellationToken cancellationToken)
    {
        loader.UseCompilerCallsFrom(context.Verifier.BaselineLog);
        var tier = new OfflineTier(context.Workspace, context.Verifier, loader, context.Log, build => context.Progress.Record(new BuildTestVerdict(build, null)), context.Timings, compilations);
        var (build, fixes, rounds) = await context.Timings.ExclusiveAsync("offline", () => tier.RunAsync(verdict.Build, cancellationToken)).ConfigureAwait(false);
        context.Progress.Fixes.AddRange(fixes);
        context.Progress.Iterations += rounds;
        var tests = build.Succeeded && context.RunTests ? await context.Verifier.TestAsync(null, cancellationToken).ConfigureAwait(false) : null;
        return new BuildTestVerdict(build, tests);
    }
}
