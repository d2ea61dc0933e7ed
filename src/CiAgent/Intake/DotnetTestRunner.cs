using System.Collections.Immutable;
using CiAgent.Kernel;
using CiAgent.Processes;

namespace CiAgent.Intake;

/// <summary>Runs the real <c>dotnet test</c> on a solution or project and turns what it leaves behind into a <see cref="TestRunResult"/>.</summary>
public static class DotnetTestRunner
{
    // Enough for the tail of a crash report after a long run, without holding a runaway log in memory.
    private const int OutputLimit = 1024 * 1024;

    private static readonly KeyValuePair<string, string?>[] Environment =
    [
        new("DOTNET_CLI_UI_LANGUAGE", "en"),
        new("MSBUILDTERMINALLOGGER", "off"),
        new("DOTNET_NOLOGO", "1"),
        new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
        new("NO_COLOR", "1"),
        new("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION", "0"),
    ];

    /// <summary>Runs the tests of a .sln, .slnx or project file (or a folder holding one) and reports what happened.</summary>
    /// <exception cref="CommandStartException">The dotnet executable could not be started.</exception>
    public static async Task<TestRunResult> RunAsync(string target, TestRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fullTarget = Path.GetFullPath(target);
        var targetFolder = Directory.Exists(fullTarget) ? fullTarget : Path.GetDirectoryName(fullTarget)!;
        var workspaceRoot = request.WorkspaceRoot ?? targetFolder;
        var runner = request.Runner ?? DetectRunner(fullTarget);

        // A fresh folder per run so that only this run's TRX and blame files are read, never a stale one.
        var resultsDirectory = Path.Combine(Path.GetTempPath(), "ciagent-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(resultsDirectory);
        try
        {
            return runner == TestRunnerKind.VSTest
                ? await RunVsTestAsync(fullTarget, targetFolder, workspaceRoot, resultsDirectory, request, cancellationToken).ConfigureAwait(false)
                : await RunTestingPlatformAsync(fullTarget, targetFolder, workspaceRoot, resultsDirectory, request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(resultsDirectory);
        }
    }

    /// <summary>Tells which runner <c>dotnet test</c> uses for the target, from the nearest <c>global.json</c> above it.</summary>
    public static TestRunnerKind DetectRunner(string target) =>
        TestPlatformDetector.DetectRunner(target);

    /// <summary>Builds a VSTest <c>--filter</c> expression that selects exactly the given fully qualified test names.</summary>
    public static string BuildVsTestFilter(IEnumerable<string> fullyQualifiedNames) =>
        DotnetTestArguments.BuildVsTestFilter(fullyQualifiedNames);

    /// <summary>Escapes a value for VSTest's filter syntax, and for the MSBuild property that <c>dotnet test</c> passes it through.</summary>
    public static string EscapeFilterValue(string value) =>
        DotnetTestArguments.EscapeFilterValue(value);

    private static async Task<TestRunResult> RunVsTestAsync(
        string target, string targetFolder, string workspaceRoot, string resultsDirectory, TestRunRequest request, CancellationToken cancellationToken)
    {
        // No blame collector: its extra process cost about 1.5 s per run. The console logger's per-test lines feed the same hang
        // watchdog as on Microsoft.Testing.Platform, and a crash names its test from the stack the host prints.
        var command = BaseCommand(targetFolder, request).WithArguments(DotnetTestArguments.ForVsTest(target, resultsDirectory, request));
        var watched = await WatchedTestRun.ExecuteAsync(command, request.HangTimeout, TestRunForensics.VsTestFinishedLine(), OutputLimit, cancellationToken).ConfigureAwait(false);
        var run = watched.Run;
        // The passed tests' lines were progress for the watchdog; the log keeps what failed.
        var output = TestRunForensics.VsTestPassedLine().Replace(watched.Output, "");
        var reports = ReadReports(resultsDirectory, workspaceRoot);
        var runMessages = string.Join('\n', reports.SelectMany(report => report.RunMessages));

        var kind = TestRunFailureKind.None;
        string? runningTest = null;
        if (run.TimedOut || TestRunForensics.HangReported().IsMatch(output) || TestRunForensics.HangReported().IsMatch(runMessages))
        {
            kind = TestRunFailureKind.HangTimeout;
            runningTest = TestRunForensics.UnfinishedTestInSequence(resultsDirectory) ?? TestRunForensics.RunningTestInOutput(output)
                ?? TestRunForensics.OnlyUnfinished(request.Filter, watched.Finished);
        }
        else if (TestRunForensics.CrashReported().IsMatch(output) || TestRunForensics.CrashReported().IsMatch(runMessages))
        {
            kind = TestRunFailureKind.HostCrashed;
            // The crash's own stack names the test exactly; blame's record (with a crash dump asked for) is a guess when tests run in parallel.
            runningTest = TestRunForensics.TestMethodInCrashStack(runMessages.Length > 0 ? runMessages : output)
                ?? TestRunForensics.RunningTestInOutput(output)
                ?? TestRunForensics.UnfinishedTestInSequence(resultsDirectory)
                ?? TestRunForensics.OnlyUnfinished(request.Filter, watched.Finished);
        }

        return Summarize(kind, runningTest, reports, output, run, buildFailureCandidate: reports.IsEmpty);
    }

    private static async Task<TestRunResult> RunTestingPlatformAsync(
        string target, string targetFolder, string workspaceRoot, string resultsDirectory, TestRunRequest request, CancellationToken cancellationToken)
    {
        var extensions = TestPlatformDetector.DetectExtensions(target);
        var command = BaseCommand(targetFolder, request)
            .WithArguments(DotnetTestArguments.ForTestingPlatform(target, resultsDirectory, request, extensions));

        // Without the hang-dump extension the platform cannot stop a hung test itself, so a watchdog stops
        // the run after the hang timeout passes with no test finishing; finished tests are noted to name the one left.
        var watchHang = request.HangTimeout is not null && !extensions.HasFlag(TestingPlatformExtensions.HangDump);
        var watched = await WatchedTestRun.ExecuteAsync(
            command, watchHang ? request.HangTimeout : null, TestRunForensics.FinishedTestLine(), OutputLimit, cancellationToken).ConfigureAwait(false);
        var (run, output) = (watched.Run, watched.Output);

        var reports = ReadReports(resultsDirectory, workspaceRoot);
        var kind = TestRunFailureKind.None;
        string? runningTest = null;
        if (run.TimedOut || TestRunForensics.HangReported().IsMatch(output))
        {
            kind = TestRunFailureKind.HangTimeout;
            runningTest = TestRunForensics.RunningTestInOutput(output) ?? TestRunForensics.OnlyUnfinished(request.Filter, watched.Finished);
        }
        else if (TestRunForensics.CrashReported().IsMatch(output) || TestRunForensics.TestingPlatformCrashExit().IsMatch(output))
        {
            kind = TestRunFailureKind.HostCrashed;
            runningTest = TestRunForensics.RunningTestInOutput(output)
                ?? TestRunForensics.TestMethodInCrashStack(output)
                ?? TestRunForensics.OnlyUnfinished(request.Filter, watched.Finished);
        }

        return Summarize(kind, runningTest, reports, output, run, buildFailureCandidate: reports.IsEmpty);
    }

    private static TestRunResult Summarize(
        TestRunFailureKind kind, string? runningTest, ImmutableArray<TrxReport> reports, string output, CommandResult run, bool buildFailureCandidate)
    {
        var results = reports.SelectMany(report => report.Results).ToImmutableArray();
        // TRX lists results in the order they finished, which parallel test runs change from run to run; by name, the prompt,
        // the report and the log say the same thing for the same failures.
        var failures = results.Where(result => result.IsFailed)
            .OrderBy(result => result.FullName, StringComparer.Ordinal)
            .Select(result => new TestFailure(
                result.FullName, result.ClassName, result.MethodName, result.Message, result.StackTrace, result.StdOut, result.Locations, result.Assembly))
            .ToImmutableArray();

        if (kind == TestRunFailureKind.None)
        {
            if (buildFailureCandidate && run.ExitCode != 0 && TestRunForensics.BuildErrorReported().IsMatch(output))
            {
                kind = TestRunFailureKind.BuildFailed;
            }
            else if (results.IsEmpty)
            {
                kind = TestRunFailureKind.NoTestsFound;
            }
        }

        return new TestRunResult(
            kind,
            results.Length,
            results.Count(result => result.IsPassed),
            failures.Length,
            results.Count(result => result.IsSkipped),
            failures,
            runningTest,
            output,
            run.ExitCode,
            run.Duration)
        {
            Assemblies = results.Any(result => result.Assembly is null) ? []
                : [.. results.Select(result => result.Assembly!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            TestTime = results.Aggregate(TimeSpan.Zero, (sum, result) => sum + result.Duration),
        };
    }

    private static ExternalCommand BaseCommand(string workingDirectory, TestRunRequest request) =>
        new ExternalCommand("dotnet")
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(Environment)
            .WithEnvironmentVariables(DotnetCli.SelfOnly)
            .WithTimeout(request.Timeout)
            .WithOutputLimit(OutputLimit);

    private static ImmutableArray<TrxReport> ReadReports(string resultsDirectory, string workspaceRoot) =>
        [.. Directory.EnumerateFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => TrxReader.Read(path, workspaceRoot))];

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A killed test host may still hold a file for a moment; the temp folder is the OS's to clean then.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
