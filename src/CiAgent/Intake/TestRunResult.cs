using System.Collections.Immutable;

namespace CiAgent.Intake;

/// <summary>Why a test run as a whole did not produce a normal pass/fail verdict.</summary>
public enum TestRunFailureKind
{
    /// <summary>The run finished; individual tests passed or failed.</summary>
    None,

    /// <summary>The projects could not be built, so no test ran; the raw output is kept.</summary>
    BuildFailed,

    /// <summary>The test host process died in the middle of the run.</summary>
    HostCrashed,

    /// <summary>A test made no progress within the hang timeout, or the whole run passed its timeout.</summary>
    HangTimeout,

    /// <summary>The run completed but executed no test, usually because a filter matched nothing.</summary>
    NoTestsFound,
}

/// <summary>A place in the workspace's source that a stack trace passes through.</summary>
/// <param name="File">Full path of the source file.</param>
/// <param name="Line">1-based line number.</param>
public sealed record SourceLocation(string File, int Line);

/// <summary>One test that failed, with everything needed to look for the cause.</summary>
/// <param name="FullName">The fully qualified test name as the runner reports it.</param>
/// <param name="ClassName">The fully qualified class that declares the test, when known.</param>
/// <param name="MethodName">The test method's name, when known.</param>
/// <param name="Message">The failure message.</param>
/// <param name="StackTrace">The failure's stack trace as reported.</param>
/// <param name="StdOut">What the test wrote to standard output.</param>
/// <param name="Locations">Stack frames that point into the workspace, innermost first.</param>
public sealed record TestFailure(
    string FullName,
    string? ClassName,
    string? MethodName,
    string? Message,
    string? StackTrace,
    string? StdOut,
    ImmutableArray<SourceLocation> Locations);

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
    /// <summary>True when the run finished normally and no test failed.</summary>
    public bool Succeeded => FailureKind == TestRunFailureKind.None && Failed == 0;
}
