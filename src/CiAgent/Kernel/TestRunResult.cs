using System.Collections.Immutable;

namespace CiAgent.Kernel;

/// <summary>The structured outcome of one <c>dotnet test</c> invocation.</summary>
/// <param name="FailureKind">What went wrong at the level of the run, if anything.</param>
/// <param name="Total">Tests that reported a result.</param>
/// <param name="Passed">Tests that passed.</param>
/// <param name="Failed">Tests that failed, errored, timed out or were aborted.</param>
/// <param name="Skipped">Tests that were skipped or not executed.</param>
/// <param name="Failures">Details of each failed test.</param>
/// <param name="RunningTest">The test that was running when the host crashed or hung, when it could be identified.</param>
/// <param name="Output">The raw output of <c>dotnet test</c> (standard output, then standard error).</param>
/// <param name="ExitCode">The exit code of <c>dotnet test</c>; -1 when it was killed.</param>
/// <param name="Duration">Wall time of the whole invocation.</param>
public sealed record TestRunResult(
    TestRunFailureKind FailureKind,
    int Total,
    int Passed,
    int Failed,
    int Skipped,
    ImmutableArray<TestFailure> Failures,
    string? RunningTest,
    string Output,
    int ExitCode,
    TimeSpan Duration)
{
    /// <summary>The built test assemblies whose tests reported results, in ordinal order; empty when any result did not name its assembly.</summary>
    public ImmutableArray<string> Assemblies { get; init; } = [];

    /// <summary>The sum of the reported tests' own durations: the test time the run spent beyond starting its hosts.</summary>
    public TimeSpan TestTime { get; init; }

    /// <summary>True when the run finished normally and no test failed.</summary>
    public bool Succeeded => FailureKind == TestRunFailureKind.None && Failed == 0;
}
