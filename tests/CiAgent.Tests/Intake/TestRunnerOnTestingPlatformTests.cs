using System.Diagnostics;
using CiAgent.Intake;
using CiAgent.Kernel;

namespace CiAgent.Tests.Intake;

/// <summary>A copy of tests/fixtures/MtpSample (xunit.v3 on Microsoft.Testing.Platform) built once and shared by its runs.</summary>
public sealed class MtpSampleProject : IAsyncLifetime
{
    /// <summary>The folder of the built copy.</summary>
    public string Folder { get; } = TestFixtures.CopyToTemp("MtpSample");

    /// <summary>The copy's project file.</summary>
    public string Project => Path.Combine(Folder, "MtpSample.csproj");

    /// <inheritdoc />
    public Task InitializeAsync() => TestFixtures.BuildAsync(Folder);

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        TestFixtures.Delete(Folder);
        return Task.CompletedTask;
    }
}

public class TestRunnerOnTestingPlatformTests(MtpSampleProject sample) : IClassFixture<MtpSampleProject>
{
    private const string Adds = "MtpSample.Calculator.Adds";
    private const string Subtracts = "MtpSample.Calculator.Subtracts";
    private const string Divides = "MtpSample.Calculator.Divides";
    private const string Multiplies = "MtpSample.Calculator.Multiplies";

    [Fact]
    public void Test_runner_is_detected_from_the_fixture_global_json()
    {
        Assert.Equal(TestRunnerKind.MicrosoftTestingPlatform, DotnetTestRunner.DetectRunner(sample.Project));
    }

    [Fact]
    public async Task I_can_run_a_green_test_run_on_the_testing_platform()
    {
        var result = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt([Adds, Subtracts, Divides]));

        Assert.Equal(TestRunFailureKind.None, result.FailureKind);
        Assert.True(result.Succeeded, result.Output);
        Assert.Equal((3, 2, 0, 1), (result.Total, result.Passed, result.Failed, result.Skipped));
    }

    [Fact]
    public async Task A_failing_assertion_on_the_testing_platform_is_reported_with_its_source_line()
    {
        var result = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt([Adds, Multiplies]));

        Assert.Equal((2, 1, 1, 0), (result.Total, result.Passed, result.Failed, result.Skipped));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(Multiplies, failure.FullName);
        Assert.Contains("Expected: 41", failure.Message);
        Assert.Equal(
            new SourceLocation(Path.Combine(sample.Folder, "Calculator.cs"), TestRunnerOnVsTestTests.LineOf(sample.Folder, "Assert.Equal(41")),
            failure.Locations.First());
    }

    [Fact]
    public async Task A_crashing_test_host_on_the_testing_platform_is_reported_with_the_test_that_was_running()
    {
        var result = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt(["MtpSample.Crashing.Fails_fast"]));

        Assert.Equal(TestRunFailureKind.HostCrashed, result.FailureKind);
        Assert.Equal("MtpSample.Crashing.Fails_fast", result.RunningTest);
    }

    [Fact]
    public async Task A_hanging_test_on_the_testing_platform_is_stopped_by_the_watchdog_and_named()
    {
        var clock = Stopwatch.StartNew();
        var result = await DotnetTestRunner.RunAsync(
            sample.Project, Prebuilt(["MtpSample.Hanging.Sleeps_forever", Adds]) with { HangTimeout = TimeSpan.FromSeconds(3) });

        Assert.Equal(TestRunFailureKind.HangTimeout, result.FailureKind);
        Assert.Equal("MtpSample.Hanging.Sleeps_forever", result.RunningTest);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"The hung run took {clock.Elapsed}.");
    }

    private static TestRunRequest Prebuilt(string[] filter) =>
        new() { Filter = [.. filter], NoBuild = true, Timeout = TimeSpan.FromMinutes(3) };
}
