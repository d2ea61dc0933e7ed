using CiAgent.Kernel;
using CiAgent.Outputs.Report;

namespace CiAgent.Tests.Hosts;

/// <summary>Run reports shaped like the ones a heal writes, small enough to assert on exactly.</summary>
internal static class SampleReports
{
    public static RunReport NotHealed(params DiagnosticReport[] remaining) => new()
    {
        Status = "not-healed",
        Reason = "2 build errors remain after 3 iterations.",
        Iterations = 3,
        ModelCalls = 2,
        Usage = new UsageReport { InputTokens = 1200, OutputTokens = 300 },
        CostUsd = 0.0123m,
        Baseline = new StateReport { Errors = 5, FailedTests = 1, TestsRan = true, Diagnostics = remaining },
        Final = new StateReport { Errors = remaining.Length, FailedTests = 0, TestsRan = true, Diagnostics = remaining },
    };

    public static RunReport Healed() => new()
    {
        Status = "healed",
        Reason = "The build and tests pass.",
        Iterations = 2,
        ModelCalls = 0,
        Baseline = new StateReport { Errors = 2, TestsRan = true },
        Final = new StateReport { Errors = 0, TestsRan = true },
        Fixes = [new FixReport("offline", "MissingUsingFixer", "CS0246", "src/App/Cart.cs", 3, "Added using System.Text;")],
        Commit = "abc1234",
        PullRequestUrl = "https://github.com/o/r/pull/7",
    };
}
