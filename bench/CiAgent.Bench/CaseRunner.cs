using System.Text.Json;
using System.Text.RegularExpressions;

namespace CiAgent.Bench;

/// <summary>Runs one case: a fresh git copy of the fixture with the mutation, the real `ciagent heal`, then plain builds of a second copy for the ratios.</summary>
/// <param name="outputRoot">Where each case's report, log and first request are kept, one folder per case.</param>
/// <param name="measurePlain">False skips the plain builds and the naive baseline (the CI test checks correctness, not timing).</param>
/// <param name="prepare">Lays out a case's broken, committed workspace in a folder; by default the fixture copy with the mutation (the real corpus checks out a bundle's branch).</param>
public sealed partial class CaseRunner(string outputRoot, bool measurePlain = true, Func<BenchCase, string, Task>? prepare = null)
{
    private static readonly TimeSpan HealTimeout = TimeSpan.FromMinutes(8);

    /// <summary>Runs the case and measures it.</summary>
    public async Task<CaseResult> RunAsync(BenchCase benchCase)
    {
        if (!File.Exists(BenchPaths.CiAgentDll))
        {
            throw new FileNotFoundException($"Build the CLI first (dotnet build src/CiAgent.Cli): {BenchPaths.CiAgentDll} is missing.");
        }

        var scratch = Path.Combine(Path.GetTempPath(), "ciagent-bench", $"{benchCase.Id}-{Guid.NewGuid():N}"[..(benchCase.Id.Length + 7)]);
        var outDirectory = Path.Combine(outputRoot, benchCase.Id);
        Directory.CreateDirectory(outDirectory);
        try
        {
            var workspace = Path.Combine(scratch, "ws");
            await (prepare ?? PrepareFixtureAsync)(benchCase, workspace);
            var measuring = measurePlain && benchCase.Expected is Outcomes.HealedOffline or Outcomes.HealedModel;

            // The plain build runs once before the heal and once after it: whichever runs second finds the packages and the SDK in
            // the page cache, and a busy machine's drift over the minutes of a case falls on both sides of the heal.
            var plainBefore = measuring ? await PlainBuildAsync(benchCase, Path.Combine(scratch, "plain-before"), prepare) : 0;
            await ShutDownBuildServersAsync();
            var result = await HealAsync(benchCase, workspace, outDirectory);
            return measuring
                ? await MeasurePlainAsync(benchCase, Path.Combine(scratch, "plain"), result, prepare, plainBefore)
                : result;
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    /// <summary>Commits the fixture to a fresh repository in the folder, then the case's mutation on top of it.</summary>
    /// <remarks>
    /// As a CI checkout of the breaking commit has it (with <c>fetch-depth: 2</c>, as the README advises): what the breakage changed is
    /// in the history, for the fixers and checks that read it.
    /// </remarks>
    public static async Task PrepareFixtureAsync(BenchCase benchCase, string workspace)
    {
        CopyFixture(benchCase, workspace);
        await GitAsync(workspace, "init", "--quiet", "--initial-branch=main");
        await GitAsync(workspace, "add", "--all");
        await GitAsync(workspace, "commit", "--quiet", "-m", $"{benchCase.Fixture} as it was");
        Apply(workspace, benchCase.Mutation);
        await GitAsync(workspace, "add", "--all");
        await GitAsync(workspace, "commit", "--quiet", "-m", $"{benchCase.Id}: {benchCase.Description}");
    }

    /// <summary>Copies the fixture (build outputs aside) into the folder and applies the case's mutation.</summary>
    public static void Materialize(BenchCase benchCase, string target)
    {
        CopyFixture(benchCase, target);
        Apply(target, benchCase.Mutation);
    }

    private static void CopyFixture(BenchCase benchCase, string target)
    {
        var source = BenchPaths.Fixture(benchCase.Fixture);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>Applies edits to files under the root; each text to find must occur exactly once.</summary>
    public static void Apply(string root, IEnumerable<TextEdit> edits)
    {
        foreach (var edit in edits)
        {
            var path = Path.Combine(root, edit.File);
            File.WriteAllText(path, edit.ApplyTo(File.ReadAllText(path)));
        }
    }

    private static async Task<CaseResult> HealAsync(BenchCase benchCase, string workspace, string outDirectory)
    {
        var oracle = benchCase.NeedsModel ? await OracleServer.StartAsync(benchCase.TrueFix) : null;
        try
        {
            string[] provider = oracle is null
                ? ["--provider", "none"]
                : ["--provider", "openai", "--base-url", oracle.V1Url, "--model", "gpt-4.1-mini", "--max-model-calls", "12"];
            // Detail for finding where a case's time goes (each build and test run with its seconds); off for the published figures.
            string[] debug = Environment.GetEnvironmentVariable("CIAGENT_BENCH_DEBUG") == "1" ? ["--debug"] : [];
            var run = await TimedProcess.RunAsync(
                "dotnet",
                ["exec", BenchPaths.CiAgentDll, "heal", "--workspace", workspace, "--commit", "none", "--out", outDirectory, .. provider, .. debug],
                workspace,
                oracle is null ? BenchPaths.AsLaunchedByTheImage : new Dictionary<string, string>(BenchPaths.AsLaunchedByTheImage) { ["OPENAI_API_KEY"] = "bench" },
                HealTimeout,
                followMemory: true);
            await File.WriteAllTextAsync(Path.Combine(outDirectory, "ciagent.log"), string.Join('\n', run.Lines.Select(l => $"{l.Seconds,8:0.000} {l.Text}")));

            var reportPath = Path.Combine(outDirectory, "report.json");
            if (!File.Exists(reportPath))
            {
                return new CaseResult { Case = benchCase, Outcome = "error", Reason = $"exit {run.ExitCode} without a report", WallSeconds = run.Seconds, OutputDirectory = outDirectory };
            }

            var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath)).RootElement;
            var tiers = report.GetProperty("fixes").EnumerateArray().Select(f => f.GetProperty("tier").GetString() ?? "?").Distinct().ToList();
            var status = report.GetProperty("status").GetString() ?? "error";
            var outcome = status == "healed" ? (tiers.Contains("model") ? Outcomes.HealedModel : Outcomes.HealedOffline) : status;

            var first = oracle?.Bodies.FirstOrDefault();
            if (first is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(outDirectory, "first-request.json"), first);
            }

            var messages = first is null ? null : ModelContext.MessageText(first);
            return new CaseResult
            {
                Case = benchCase,
                Outcome = outcome,
                Reason = report.GetProperty("reason").GetString() ?? "",
                Tier = tiers.Count == 0 ? "-" : string.Join('+', tiers),
                Iterations = report.GetProperty("iterations").GetInt32(),
                ModelCalls = report.GetProperty("modelCalls").GetInt32(),
                WallSeconds = run.Seconds,
                PeakRssBytes = run.PeakRssBytes,
                FirstRequestTokens = first is null ? null : ModelContext.Tokens(first.Length),
                FirstPromptTokens = messages is null ? null : ModelContext.Tokens(messages.Length),
                Recall = messages is null ? null : ModelContext.Shows(messages, benchCase),
                FailingTests = messages?.Contains("succeeds but tests fail", StringComparison.Ordinal),
                TimeToFirstDiagnosis = oracle?.FirstRequestAt is { } at
                    ? TimeSpanSeconds(at - run.StartedAt)
                    : run.Lines.FirstOrDefault(l => l.Text.Contains("fixed offline:", StringComparison.Ordinal))?.Seconds,
                HarnessRebuildSeconds = oracle is null ? OfflineRebuild(report) : ModelRebuild(Path.Combine(outDirectory, "trajectory.jsonl")),
                OutputDirectory = outDirectory,
            };
        }
        finally
        {
            if (oracle is not null)
            {
                await oracle.DisposeAsync();
            }
        }
    }

    // The plain build before the heal, in a copy of its own that is gone before the heal starts.
    private static async Task<double> PlainBuildAsync(BenchCase benchCase, string copy, Func<BenchCase, string, Task>? prepare)
    {
        var build = await PlainBuildOfFreshCopyAsync(benchCase, copy, prepare);
        TryDelete(copy);
        return build.Seconds;
    }

    // Same mutation, separate folder: the plain builds must not share obj/ with the harness's run, or the incremental build would be warm for free.
    private static async Task<TimedRun> PlainBuildOfFreshCopyAsync(BenchCase benchCase, string copy, Func<BenchCase, string, Task>? prepare)
    {
        if (prepare is null)
        {
            Materialize(benchCase, copy);
        }
        else
        {
            await prepare(benchCase, copy);
        }

        await ShutDownBuildServersAsync();
        return await TimedProcess.RunAsync("dotnet", ["build"], copy, timeout: TimeSpan.FromMinutes(5));
    }

    private static async Task<CaseResult> MeasurePlainAsync(BenchCase benchCase, string copy, CaseResult result, Func<BenchCase, string, Task>? prepare, double plainBefore)
    {
        var build = await PlainBuildOfFreshCopyAsync(benchCase, copy, prepare);
        var log = build.Output;
        TimedRun? brokenTests = null;
        if (build.ExitCode == 0)
        {
            // Tests only run on a build that succeeds, so the naive loop's log has them only then.
            brokenTests = await TimedProcess.RunAsync("dotnet", ["test", "--no-build"], copy, timeout: TimeSpan.FromMinutes(5));
            log += "\n" + brokenTests.Output;
        }

        var naive = ModelContext.Naive(log, copy);

        // The floor's second and third parts: what any verified heal must at least pay after the true fix.
        Apply(copy, benchCase.TrueFix);
        // A fix to a project file changes what restore resolves, so that rebuild must restore; any other rebuild need not.
        string[] rebuild = benchCase.TrueFix.Any(edit => ProjectFile().IsMatch(edit.File)) ? ["build"] : ["build", "--no-restore"];
        var incremental = await TimedProcess.RunAsync("dotnet", rebuild, copy, timeout: TimeSpan.FromMinutes(5));
        var test = incremental.ExitCode == 0
            ? await TimedProcess.RunAsync("dotnet", ["test", "--no-build"], copy, timeout: TimeSpan.FromMinutes(5))
            : null;

        return result with
        {
            PlainBuildRuns = [plainBefore, build.Seconds],
            PlainBrokenTestSeconds = brokenTests?.Seconds,
            PlainIncrementalSeconds = incremental.Seconds,
            PlainTestSeconds = test?.Seconds,
            NaiveTokens = ModelContext.Tokens(naive.Length),
            NaiveRecall = ModelContext.Shows(naive, benchCase),
        };
    }

    private static double TimeSpanSeconds(long stopwatchTicks) => stopwatchTicks / (double)System.Diagnostics.Stopwatch.Frequency;

    // The report counts every build after the baseline as verification; in an offline heal those are the rounds' real builds.
    private static double? OfflineRebuild(JsonElement report) =>
        report.TryGetProperty("timings", out var timings) && timings.TryGetProperty("verification", out var seconds) && seconds.GetDouble() > 0
            ? seconds.GetDouble()
            : null;

    private static double? ModelRebuild(string trajectory)
    {
        if (!File.Exists(trajectory))
        {
            return null;
        }

        foreach (var line in File.ReadLines(trajectory))
        {
            var step = JsonDocument.Parse(line).RootElement;
            if (step.GetProperty("toolCalls").EnumerateArray().Any(c => c.GetProperty("name").GetString() == "run_build"))
            {
                return step.GetProperty("toolSeconds").GetDouble();
            }
        }

        return null;
    }

    // Each heal and each plain build starts as on a fresh CI runner: without the compiler server or MSBuild nodes the previous
    // run left warm. Otherwise whichever runs second on a repository finds its references already loaded by the server.
    private static async Task ShutDownBuildServersAsync()
    {
        var run = await TimedProcess.RunAsync("dotnet", ["build-server", "shutdown"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(1));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build-server shutdown failed: {run.Output}");
        }
    }

    private static async Task GitAsync(string root, params string[] arguments)
    {
        var run = await TimedProcess.RunAsync("git", ["-c", "user.name=Bench", "-c", "user.email=bench@example.com", .. arguments], root);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {run.Output}");
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A build server may hold a file a moment longer; the temp folder is cleaned eventually.
        }
    }

    [GeneratedRegex(@"\.(?:csproj|props|targets)$")]
    private static partial Regex ProjectFile();
}
