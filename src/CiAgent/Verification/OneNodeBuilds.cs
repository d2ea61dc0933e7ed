using CiAgent.Workspace;

namespace CiAgent.Verification;

/// <summary>
/// Decides whether MSBuild's worker nodes can help a target: not when its projects form one chain, each referencing the one built
/// before it, and none lists several target frameworks. Each node is a process that takes about 0.4 s to start; with nothing to
/// build side by side, the build and the test run are quicker in MSBuild's own process (<c>-m:1</c>).
/// </summary>
/// <remarks>
/// Measured on the Ledger fixture (three projects in a chain): a restore and build took 3.9–4.2 s with <c>-m:1</c> against 4.6–5.7 s,
/// the test run 1.2 s against 1.2–1.5 s. On the multi-targeted Units fixture <c>-m:1</c> was slower (its frameworks build side by side),
/// hence the frameworks check.
/// </remarks>
internal static class OneNodeBuilds
{
    /// <summary>True when the target's projects can only be built one after another.</summary>
    public static bool Suffice(string target)
    {
        var graph = ProjectGraph.Read(target);
        return graph.IsOneChain && !graph.Projects.Any(ProjectFrameworks.MayBuildSideBySide);
    }
}
