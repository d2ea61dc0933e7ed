using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CiAgent.Kernel;
using CiAgent.Processes;

namespace CiAgent.Intake;

/// <summary>Runs the real <c>dotnet test</c> on a solution or project and turns what it leaves behind into a <see cref="TestRunResult"/>.</summary>
public static partial class DotnetTestRunner
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
    public static TestRunnerKind DetectRunner(string target)
    {
        var full = Path.GetFullPath(target);
        for (var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var globalJson = Path.Combine(folder, "global.json");
            if (File.Exists(globalJson))
            {
                // The SDK reads only the nearest global.json, so the search stops here whatever it says.
                return ReadRunner(globalJson);
            }
        }

        return TestRunnerKind.VSTest;
    }

    /// <summary>Builds a VSTest <c>--filter</c> expression that selects exactly the given fully qualified test names.</summary>
    public static string BuildVsTestFilter(IEnumerable<string> fullyQualifiedNames) =>
        string.Join('|', fullyQualifiedNames.Distinct(StringComparer.Ordinal).Select(name => "FullyQualifiedName=" + EscapeFilterValue(name)));

    /// <summary>Escapes a value for VSTest's filter syntax, and for the MSBuild property that <c>dotnet test</c> passes it through.</summary>
    public static string EscapeFilterValue(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                // The filter language's own operators and its escape character.
                case '\\' or '(' or ')' or '&' or '|' or '=' or '!' or '~':
                    escaped.Append('\\').Append(c);
                    break;

                // dotnet test hands the filter to MSBuild, which would split a property value at ',' or ';'
                // and treat '%' as the start of an escape; MSBuild's own escapes survive to the runner intact.
                case ',':
                    escaped.Append("%2C");
                    break;
                case ';':
                    escaped.Append("%3B");
                    break;
                case '%':
                    escaped.Append("%25");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>Builds the <c>dotnet test</c> arguments for the VSTest runner.</summary>
    internal static ImmutableArray<string> VsTestArguments(string target, string resultsDirectory, TestRunRequest request)
    {
        var arguments = ImmutableArray.CreateBuilder<string>();
        arguments.AddRange("test", target, "--logger", "trx", "--results-directory", resultsDirectory);
        AddBuildSwitches(arguments, request);
        if (!request.Filter.IsDefaultOrEmpty)
        {
            arguments.AddRange("--filter", BuildVsTestFilter(request.Filter));
        }

        if (request.HangTimeout is { } hang)
        {
            // No dump: the blame sequence file and the console report name the hung test, and a dump costs minutes.
            arguments.AddRange("--blame-hang", "--blame-hang-timeout", Milliseconds(hang), "--blame-hang-dump-type", "none");
        }

        if (request.CollectCrashDump)
        {
            arguments.AddRange("--blame-crash", "--blame-crash-dump-type", "mini");
        }
        else if (request.HangTimeout is null)
        {
            // Plain blame records which test started last, without writing a dump.
            arguments.Add("--blame");
        }

        return arguments.ToImmutable();
    }

    /// <summary>Builds the <c>dotnet test</c> arguments for Microsoft.Testing.Platform, using only the extensions the projects reference.</summary>
    internal static ImmutableArray<string> TestingPlatformArguments(
        string target, string resultsDirectory, TestRunRequest request, TestingPlatformExtensions extensions)
    {
        var arguments = ImmutableArray.CreateBuilder<string>();
        arguments.Add("test");
        if (Directory.Exists(target))
        {
            arguments.AddRange("--project", target);
        }
        else
        {
            var isSolution = Path.GetExtension(target) is ".sln" or ".slnx" or ".slnf";
            arguments.AddRange(isSolution ? "--solution" : "--project", target);
        }

        // Detailed output lists each finished test as it finishes, which the hang watchdog counts as progress.
        arguments.AddRange("--results-directory", resultsDirectory, "--no-ansi", "--no-progress", "--output", "Detailed");
        AddBuildSwitches(arguments, request);

        if (extensions.HasFlag(TestingPlatformExtensions.XunitV3))
        {
            arguments.Add("--report-xunit-trx");
        }
        else if (extensions.HasFlag(TestingPlatformExtensions.TrxReport))
        {
            arguments.Add("--report-trx");
        }

        if (!request.Filter.IsDefaultOrEmpty)
        {
            if (extensions.HasFlag(TestingPlatformExtensions.XunitV3))
            {
                foreach (var name in request.Filter.Distinct(StringComparer.Ordinal))
                {
                    // xunit.v3 matches the fully qualified method name; only a leading or trailing '*' is special to it.
                    arguments.AddRange("--filter-method", name);
                }
            }
            else
            {
                // MSTest and NUnit on the platform accept the VSTest filter language.
                arguments.AddRange("--filter", BuildVsTestFilter(request.Filter));
            }
        }

        if (request.HangTimeout is { } hang && extensions.HasFlag(TestingPlatformExtensions.HangDump))
        {
            arguments.AddRange("--hangdump", "--hangdump-timeout", Milliseconds(hang), "--hangdump-type", "None");
        }

        if (request.CollectCrashDump && extensions.HasFlag(TestingPlatformExtensions.CrashDump))
        {
            arguments.AddRange("--crashdump", "--crashdump-type", "Mini");
        }

        return arguments.ToImmutable();
    }

    /// <summary>Finds which Microsoft.Testing.Platform extensions the projects in and above the target's folder reference.</summary>
    internal static TestingPlatformExtensions DetectExtensions(string target)
    {
        var full = Path.GetFullPath(target);
        var files = new List<string>();
        if (File.Exists(full))
        {
            files.Add(full);
        }

        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        if (Path.GetExtension(full) is ".sln" or ".slnx" or ".slnf" || Directory.Exists(full))
        {
            files.AddRange(ProjectFilesBelow(folder));
        }

        // Central package management and shared props files above the target can add references too.
        for (var above = folder; above is not null; above = Path.GetDirectoryName(above))
        {
            files.AddRange(Directory.EnumerateFiles(above, "Directory.*.props"));
            if (File.Exists(Path.Combine(above, "global.json")))
            {
                break;
            }
        }

        var found = TestingPlatformExtensions.None;
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (Mentions(text, "xunit.v3"))
            {
                found |= TestingPlatformExtensions.XunitV3;
            }

            // The MSTest meta-package and MSTest.Sdk bring the TRX report extension with them.
            if (Mentions(text, "Microsoft.Testing.Extensions.TrxReport") || Mentions(text, "MSTest") || text.Contains("MSTest.Sdk", StringComparison.OrdinalIgnoreCase))
            {
                found |= TestingPlatformExtensions.TrxReport;
            }

            if (Mentions(text, "Microsoft.Testing.Extensions.HangDump"))
            {
                found |= TestingPlatformExtensions.HangDump;
            }

            if (Mentions(text, "Microsoft.Testing.Extensions.CrashDump"))
            {
                found |= TestingPlatformExtensions.CrashDump;
            }
        }

        return found;
    }

    private static bool Mentions(string projectText, string package) =>
        Regex.IsMatch(projectText, $"Include=\"{Regex.Escape(package)}(\\.[^\"]*)?\"", RegexOptions.IgnoreCase);

    private static IEnumerable<string> ProjectFilesBelow(string folder)
    {
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current, "*.*proj"))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(child);
                if (name is not ("bin" or "obj" or "node_modules") && !name.StartsWith('.'))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static void AddBuildSwitches(ImmutableArray<string>.Builder arguments, TestRunRequest request)
    {
        if (request.NoBuild)
        {
            arguments.Add("--no-build");
        }

        if (request.NoRestore)
        {
            arguments.Add("--no-restore");
        }
    }

    private static string Milliseconds(TimeSpan span) =>
        ((long)Math.Max(1, Math.Ceiling(span.TotalMilliseconds))).ToString(CultureInfo.InvariantCulture) + "ms";

    private static async Task<TestRunResult> RunVsTestAsync(
        string target, string targetFolder, string workspaceRoot, string resultsDirectory, TestRunRequest request, CancellationToken cancellationToken)
    {
        var command = BaseCommand(targetFolder, request).WithArguments(VsTestArguments(target, resultsDirectory, request));
        var run = await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        var output = Combine(run.StandardOutput, run.StandardError);
        var reports = ReadReports(resultsDirectory, workspaceRoot);
        var runMessages = string.Join('\n', reports.SelectMany(report => report.RunMessages));

        var kind = TestRunFailureKind.None;
        string? runningTest = null;
        if (run.TimedOut || HangReported().IsMatch(output) || HangReported().IsMatch(runMessages))
        {
            kind = TestRunFailureKind.HangTimeout;
            runningTest = UnfinishedTestInSequence(resultsDirectory) ?? RunningTestInOutput(output);
        }
        else if (CrashReported().IsMatch(output) || CrashReported().IsMatch(runMessages))
        {
            kind = TestRunFailureKind.HostCrashed;
            // The crash's own stack names the test exactly; blame's record is a guess when tests run in parallel.
            runningTest = TestMethodInCrashStack(runMessages.Length > 0 ? runMessages : output)
                ?? RunningTestInOutput(output)
                ?? UnfinishedTestInSequence(resultsDirectory);
        }

        return Summarize(kind, runningTest, reports, output, run, buildFailureCandidate: reports.IsEmpty);
    }

    private static async Task<TestRunResult> RunTestingPlatformAsync(
        string target, string targetFolder, string workspaceRoot, string resultsDirectory, TestRunRequest request, CancellationToken cancellationToken)
    {
        var extensions = DetectExtensions(target);
        var command = BaseCommand(targetFolder, request)
            .WithArguments(TestingPlatformArguments(target, resultsDirectory, request, extensions));

        // Without the hang-dump extension the platform cannot stop a hung test itself, so a watchdog stops
        // the run after the hang timeout passes with no test finishing; finished tests are noted to name the one left.
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var outputSeen = new BoundedText(OutputLimit);
        var lastProgress = System.Diagnostics.Stopwatch.StartNew();
        var gate = new object();
        void OnLine(string line)
        {
            lock (gate)
            {
                outputSeen.AppendLine(line);
                lastProgress.Restart();
                if (FinishedTestLine().Match(line) is { Success: true } match)
                {
                    finished.Add(match.Groups["name"].Value);
                }
            }
        }

        command = command.WithStandardOutputLine(OnLine).WithStandardErrorLine(OnLine);
        var watchHang = request.HangTimeout is not null && !extensions.HasFlag(TestingPlatformExtensions.HangDump);
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchdogStop = new CancellationTokenSource();
        var watching = watchHang ? WatchForHangAsync(request.HangTimeout!.Value, lastProgress, () => finished.Count > 0, gate, watchdog, watchdogStop.Token) : Task.CompletedTask;

        CommandResult run;
        var hungByWatchdog = false;
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            run = await command.ExecuteAsync(watchdog.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && watchdog.IsCancellationRequested)
        {
            hungByWatchdog = true;
            string seen;
            lock (gate)
            {
                seen = outputSeen.ToString();
            }

            run = new CommandResult(-1, seen, "", started.Elapsed, TimedOut: true, OutputTruncated: outputSeen.Truncated);
        }
        finally
        {
            await watchdogStop.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
        }

        var output = hungByWatchdog ? run.StandardOutput : Combine(run.StandardOutput, run.StandardError);
        if (hungByWatchdog)
        {
            output += $"ciagent: no test finished within the hang timeout of {request.HangTimeout}; the test run was killed.\n";
        }

        var reports = ReadReports(resultsDirectory, workspaceRoot);
        var kind = TestRunFailureKind.None;
        string? runningTest = null;
        if (run.TimedOut || HangReported().IsMatch(output))
        {
            kind = TestRunFailureKind.HangTimeout;
            runningTest = RunningTestInOutput(output) ?? OnlyUnfinished(request.Filter, finished);
        }
        else if (CrashReported().IsMatch(output) || TestingPlatformCrashExit().IsMatch(output))
        {
            kind = TestRunFailureKind.HostCrashed;
            runningTest = RunningTestInOutput(output) ?? TestMethodInCrashStack(output) ?? OnlyUnfinished(request.Filter, finished);
        }

        return Summarize(kind, runningTest, reports, output, run, buildFailureCandidate: reports.IsEmpty);
    }

    // A test host can be silent for a while as it starts (slower on a loaded CI machine); that is not a hung test.
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(20);

    private static async Task WatchForHangAsync(
        TimeSpan hangTimeout, System.Diagnostics.Stopwatch lastProgress, Func<bool> anyTestFinished, object gate, CancellationTokenSource kill, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), stop).ConfigureAwait(false);
                bool stalled;
                lock (gate)
                {
                    stalled = lastProgress.Elapsed > (anyTestFinished() ? hangTimeout : hangTimeout + StartupGrace);
                }

                if (stalled)
                {
                    await kill.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended before it stalled.
        }
    }

    private static TestRunResult Summarize(
        TestRunFailureKind kind, string? runningTest, ImmutableArray<TrxReport> reports, string output, CommandResult run, bool buildFailureCandidate)
    {
        var results = reports.SelectMany(report => report.Results).ToImmutableArray();
        var failures = results.Where(result => result.IsFailed)
            .Select(result => new TestFailure(
                result.FullName, result.ClassName, result.MethodName, result.Message, result.StackTrace, result.StdOut, result.Locations))
            .ToImmutableArray();

        if (kind == TestRunFailureKind.None)
        {
            if (buildFailureCandidate && run.ExitCode != 0 && BuildErrorReported().IsMatch(output))
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
            run.Duration);
    }

    private static Command BaseCommand(string workingDirectory, TestRunRequest request) =>
        new Command("dotnet")
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(Environment)
            .WithTimeout(request.Timeout)
            .WithOutputLimit(OutputLimit);

    private static ImmutableArray<TrxReport> ReadReports(string resultsDirectory, string workspaceRoot) =>
        [.. Directory.EnumerateFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => TrxReader.Read(path, workspaceRoot))];

    private static string? UnfinishedTestInSequence(string resultsDirectory)
    {
        // Blame writes the sequence of started tests; the one never marked completed is the one that was running.
        foreach (var file in Directory.EnumerateFiles(resultsDirectory, "Sequence_*.xml", SearchOption.AllDirectories))
        {
            var unfinished = XDocument.Load(file).Root?.Elements("Test")
                .LastOrDefault(test => string.Equals((string?)test.Attribute("Completed"), "False", StringComparison.OrdinalIgnoreCase));
            if ((string?)unfinished?.Attribute("Name") is { Length: > 0 } name)
            {
                return name;
            }
        }

        return null;
    }

    private static string? RunningTestInOutput(string output)
    {
        var match = RunningTestLine().Match(output);
        return match.Success ? match.Groups["name"].Value.Trim() : null;
    }

    private static string? TestMethodInCrashStack(string crashText)
    {
        // Test frameworks call test methods through reflection, so the frame just above the first
        // reflection frame is the test method itself.
        string? previous = null;
        foreach (Match frame in StackFrameMethod().Matches(crashText))
        {
            var method = frame.Groups["method"].Value;
            if (method.StartsWith("System.Reflection.", StringComparison.Ordinal) || method.StartsWith("System.RuntimeMethodHandle.", StringComparison.Ordinal))
            {
                return previous;
            }

            previous = method;
        }

        return null;
    }

    private static string? OnlyUnfinished(ImmutableArray<string> requested, HashSet<string> finished)
    {
        if (requested.IsDefaultOrEmpty)
        {
            return null;
        }

        var left = requested.Distinct(StringComparer.Ordinal).Where(name => !finished.Contains(name)).ToList();
        return left.Count == 1 ? left[0] : null;
    }

    private static TestRunnerKind ReadRunner(string globalJson)
    {
        try
        {
            using var document = JsonDocument.Parse(
                File.ReadAllText(globalJson),
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("test", out var test)
                && test.ValueKind == JsonValueKind.Object
                && test.TryGetProperty("runner", out var runner)
                && runner.ValueKind == JsonValueKind.String
                && string.Equals(runner.GetString(), "Microsoft.Testing.Platform", StringComparison.OrdinalIgnoreCase))
            {
                return TestRunnerKind.MicrosoftTestingPlatform;
            }
        }
        catch (JsonException)
        {
            // The SDK itself would refuse a broken global.json; the run will say so in its output.
        }

        return TestRunnerKind.VSTest;
    }

    private static string Combine(string standardOutput, string standardError) =>
        standardError.Length == 0 ? standardOutput : standardOutput + standardError;

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

    [GeneratedRegex(@"Test host process crashed|host process exited unexpectedly")]
    private static partial Regex CrashReported();

    [GeneratedRegex(@"inactivity time of .* has elapsed|hang dump|test session timed out", RegexOptions.IgnoreCase)]
    private static partial Regex HangReported();

    // Microsoft.Testing.Platform prints the test app's exit code; 128+N is death by signal N, negative is a Windows crash.
    [GeneratedRegex(@"^\s*Exit code: (1(?:29|3\d|4\d)|-\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TestingPlatformCrashExit();

    [GeneratedRegex(@"The test running when the (?:crash|hang) occurred:\s*\r?\n\s*(?<name>\S[^\r\n]*)")]
    private static partial Regex RunningTestLine();

    [GeneratedRegex(@"^\s*at (?<method>[^\s(]+)\(", RegexOptions.Multiline)]
    private static partial Regex StackFrameMethod();

    [GeneratedRegex(@"^\s*(?:passed|failed|skipped) (?<name>\S+)", RegexOptions.Multiline)]
    private static partial Regex FinishedTestLine();

    [GeneratedRegex(@"\berror [A-Z]{2,}\d{3,}\b|^Build FAILED\.", RegexOptions.Multiline)]
    private static partial Regex BuildErrorReported();
}

/// <summary>Microsoft.Testing.Platform extensions that change which switches <c>dotnet test</c> accepts.</summary>
[Flags]
internal enum TestingPlatformExtensions
{
    None = 0,
    XunitV3 = 1,
    TrxReport = 2,
    HangDump = 4,
    CrashDump = 8,
}
