namespace CiAgent.Kernel;

/// <summary>The build (and, when they ran, the tests) of the workspace at one moment.</summary>
/// <param name="Build">The build's result.</param>
/// <param name="Tests">The tests' result, or null when they did not run (build broken or --no-tests).</param>
public sealed record BuildTestVerdict(BuildResult Build, TestRunResult? Tests)
{
    /// <summary>Distinct build errors.</summary>
    public int Errors => Build.Errors.Count;

    /// <summary>Failing tests, counting a crashed or hung test host as one.</summary>
    public int FailedTests => Tests is null ? 0 : Math.Max(Tests.Failures.Length, Tests.Failed) + (Tests.FailureKind is TestRunFailureKind.HostCrashed or TestRunFailureKind.HangTimeout ? 1 : 0);

    /// <summary>True when the build is green and the tests (if they ran) pass; a target with no tests at all has none that fail.</summary>
    public bool Green => Build.Succeeded && (Tests is null || ((Tests.FailureKind == TestRunFailureKind.None || NoTestsFound) && FailedTests == 0));

    /// <summary>True when the test run ended normally and found no tests at all (exit 0, or Microsoft.Testing.Platform's 8 for zero tests); a run that failed otherwise is not this.</summary>
    public bool NoTestsFound => Tests is { FailureKind: TestRunFailureKind.NoTestsFound, ExitCode: 0 or 8 };

    /// <summary>A number to compare attempts by: fewer is better; build errors weigh more than failing tests.</summary>
    public int Badness => Errors * 1000 + FailedTests;
}
