namespace CiAgent.Kernel;

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
