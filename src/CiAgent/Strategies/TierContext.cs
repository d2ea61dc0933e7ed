using CiAgent.Kernel;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog;

namespace CiAgent.Strategies;

/// <summary>What a tier works with during one run: the workspace, the harness's verifier, the run's progress and its log.</summary>
/// <param name="Workspace">The workspace and its snapshot.</param>
/// <param name="Verifier">Runs the real build and tests.</param>
/// <param name="Progress">Where fixes, rounds, spend and the best attempt are recorded.</param>
/// <param name="Log">The run's log.</param>
/// <param name="RunTests">Whether the tests must pass too.</param>
public sealed record TierContext(RunWorkspace Workspace, Verifier Verifier, RunProgress Progress, ILogger Log, bool RunTests)
{
    /// <summary>Where the run's time goes, by phase.</summary>
    public RunTimings Timings => Progress.Timings;
}
