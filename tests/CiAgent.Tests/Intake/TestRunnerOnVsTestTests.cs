using System.Diagnostics;
using CiAgent.Intake;
using CiAgent.Kernel;

namespace CiAgent.Tests.Intake;

/// <summary>A copy of tests/fixtures/TrxSample built once and shared by the VSTest runs.</summary>
public sealed class TrxSampleProject : IAsyncLifetime
{
    /// <summary>The folder of the built copy.</summary>
    public string Folder { get; } = TestFixtures.CopyToTemp("TrxSample");

    /// <summary>The copy's project file.</summary>
    public string Project => Path.Combine(Folder, "TrxSample.csproj");

    /// <inheritdoc />
    public Task InitializeAsync() => TestFixtures.BuildAsync(Folder);

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        TestFixtures.Delete(Folder);
        return Task.CompletedTask;
    }
}

public class TestRunnerOnVsTestTests(TrxSampleProject sample) : IClassFixture<TrxSampleProject>
{
    private const string Adds = "TrxSample.Calculator.Adds";
    private const string Subtracts = "TrxSample.Calculator.Subtracts";
    private const string Divides = "TrxSample.Calculator.Divides";
    private const string Multiplies = "TrxSample.Calculator.Multiplies";

    [Fact]
    public async Task I_can_run_a_green_test_run_and_count_passed_and_skipped_tests()
    {
        var result = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt([Adds, Subtracts, Divides]));

        Assert.Equal(TestRunFailureKind.None, result.FailureKind);
        Assert.True(result.Succeeded, result.Output);
        Assert.Equal((3, 2, 0, 1), (result.Total, result.Passed, result.Failed, result.Skipped));
        Assert.Empty(result.Failures);
    }

    [Fact]
    public async Task A_failing_assertion_is_reported_with_its_message_and_source_line()
    {
        var result = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt([Adds, Subtracts, Divides, Multiplies]));

        Assert.Equal(TestRunFailureKind.None, result.FailureKind);
        Assert.Equal((4, 2, 1, 1), (result.Total, result.Passed, result.Failed, result.Skipped));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(Multiplies, failure.FullName);
        Assert.Equal("TrxSample.Calculator", failure.ClassName);
        Assert.Equal("Multiplies", failure.MethodName);
        Assert.Contains("Expected: 41", failure.Message);
        Assert.Equal("multiplying 6 by 7", failure.StdOut?.Trim());
        Assert.Equal(new SourceLocation(Path.Combine(sample.Folder, "Calculator.cs"), LineOf(sample.Folder, "Assert.Equal(41")), failure.Locations.First());
    }

    [Fact]
    public async Task I_can_rerun_one_named_test()
    {
        var result = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt([Multiplies]));

        Assert.Equal((1, 0, 1, 0), (result.Total, result.Passed, result.Failed, result.Skipped));
        Assert.Equal(Multiplies, Assert.Single(result.Failures).FullName);
    }

    [Fact]
    public async Task I_can_rerun_a_failing_theory_case_by_the_name_the_trx_gave_it()
    {
        var first = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt(["TrxSample.Calculator.Squares"]));
        var failing = Assert.Single(first.Failures).FullName;
        Assert.Equal("TrxSample.Calculator.Squares(value: 3, square: \"10\")", failing);

        var rerun = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt([failing]));

        Assert.Equal(TestRunFailureKind.None, rerun.FailureKind);
        Assert.Equal(failing, Assert.Single(rerun.Failures).FullName);
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_is_reported_as_no_tests_found()
    {
        var result = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt(["TrxSample.Calculator.Does_not_exist"]));

        Assert.Equal(TestRunFailureKind.NoTestsFound, result.FailureKind);
        Assert.Equal(0, result.Total);
    }

    [Fact]
    public async Task A_crashing_test_host_is_reported_with_the_test_that_was_running()
    {
        var result = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt(["TrxSample.Crashing.Fails_fast", Adds]));

        Assert.Equal(TestRunFailureKind.HostCrashed, result.FailureKind);
        Assert.Equal("TrxSample.Crashing.Fails_fast", result.RunningTest);
        Assert.Contains("Test host process crashed", result.Output);
    }

    [Fact]
    public async Task A_hanging_test_is_reported_with_its_name_within_bounded_time()
    {
        var clock = Stopwatch.StartNew();
        var result = await DotnetTestRunner.RunAsync(
            sample.Project,
            Prebuilt(["TrxSample.Hanging.Sleeps_forever", Adds]) with { HangTimeout = TimeSpan.FromSeconds(3), Timeout = TimeSpan.FromMinutes(2) });

        Assert.Equal(TestRunFailureKind.HangTimeout, result.FailureKind);
        Assert.Equal("TrxSample.Hanging.Sleeps_forever", result.RunningTest);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"The hung run took {clock.Elapsed}.");
    }

    [Fact]
    public async Task A_run_past_its_overall_timeout_is_killed_and_reported_as_hung()
    {
        var clock = Stopwatch.StartNew();
        var result = await DotnetTestRunner.RunAsync(
            sample.Project, Prebuilt(["TrxSample.Hanging.Sleeps_forever"]) with { Timeout = TimeSpan.FromSeconds(8) });

        Assert.Equal(TestRunFailureKind.HangTimeout, result.FailureKind);
        Assert.Equal(-1, result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"The killed run took {clock.Elapsed}.");
    }

    [Fact]
    public async Task A_build_error_is_reported_as_a_failed_build_with_the_output_kept()
    {
        var broken = TestFixtures.CopyToTemp("TrxBrokenBuild");
        try
        {
            var result = await DotnetTestRunner.RunAsync(Path.Combine(broken, "TrxBrokenBuild.csproj"), new TestRunRequest { Timeout = TimeSpan.FromMinutes(5) });

            Assert.Equal(TestRunFailureKind.BuildFailed, result.FailureKind);
            Assert.Contains("CS0029", result.Output);
            Assert.Equal(0, result.Total);
        }
        finally
        {
            TestFixtures.Delete(broken);
        }
    }

    [Fact]
    public async Task A_failing_test_names_its_built_assembly_and_reruns_there_without_msbuild()
    {
        var first = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt([Adds, Multiplies]));
        var assembly = Assert.Single(first.Failures).Assembly;
        Assert.Equal(Path.Combine(sample.Folder, "bin", "Debug", "net10.0", "TrxSample.dll"), assembly);

        var rerun = await DotnetTestRunner.RunAsync(sample.Project, Prebuilt([Multiplies]) with { Assemblies = [assembly!] });

        Assert.Equal(TestRunFailureKind.None, rerun.FailureKind);
        Assert.Equal((1, 0, 1), (rerun.Total, rerun.Passed, rerun.Failed));
        Assert.Equal(Multiplies, Assert.Single(rerun.Failures).FullName);
        Assert.Equal(assembly, rerun.Failures[0].Assembly);
    }

    private static TestRunRequest Prebuilt(string[] filter) =>
        new() { Filter = [.. filter], NoBuild = true, Timeout = TimeSpan.FromMinutes(3) };

    internal static int LineOf(string folder, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(folder, "Calculator.cs")), line => line.Contains(text, StringComparison.Ordinal)) + 1;
}
