using System.Diagnostics;
using System.Runtime.InteropServices;
using CiAgent.Bench;

// dotnet run --project bench/CiAgent.Bench -c Release -- [--corpus fixtures|real|all] [--real-corpus DIR] [--cases id,id] [--no-plain] [--no-publish] [--out DIR]
string[]? ids = null;
var corpus = "all";
var measurePlain = true;
var publish = true;
var outRoot = Path.Combine(Path.GetTempPath(), "ciagent-bench-out", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--cases" when i + 1 < args.Length:
            ids = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
        case "--corpus" when i + 1 < args.Length && args[i + 1] is "fixtures" or "real" or "all":
            corpus = args[++i];
            break;
        case "--real-corpus" when i + 1 < args.Length:
            BenchPaths.RealCorpusRoot = Path.GetFullPath(args[++i]);
            break;
        case "--no-plain":
            measurePlain = false;
            break;
        case "--no-publish":
            publish = false;
            break;
        case "--out" when i + 1 < args.Length:
            outRoot = Path.GetFullPath(args[++i]);
            break;
        default:
            Console.Error.WriteLine("usage: CiAgent.Bench [--corpus fixtures|real|all] [--real-corpus DIR] [--cases id,id] [--no-plain] [--no-publish] [--out DIR]");
            return 2;
    }
}

var fixtureCorpus = Corpus.Load(BenchPaths.Manifest);
// Only a run of both whole corpora (or of the fixtures where no real corpus is at hand) may stand as the published results.
var wholeRun = corpus == "all";
if (BenchPaths.RealCorpusRoot is null && corpus == "real")
{
    Console.Error.WriteLine("No real-code corpus: pass --real-corpus DIR or set CIAGENT_BENCH_REAL_CORPUS (it is kept outside the repository).");
    return 2;
}

if (BenchPaths.RealCorpusRoot is null && corpus == "all")
{
    Console.WriteLine("No real-code corpus given (--real-corpus DIR); running the fixtures alone.");
    corpus = "fixtures";
}

var realCorpus = corpus == "fixtures" ? new RealCorpus([], []) : RealCorpus.Load(BenchPaths.RealManifest);
var unknown = (ids ?? []).Where(id => fixtureCorpus.Cases.All(c => c.Id != id) && realCorpus.Cases.All(c => c.Id != id)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown case id(s): {string.Join(", ", unknown)}.");
    return 2;
}

IReadOnlyList<BenchCase> cases = corpus == "real" ? [] : ids is null ? fixtureCorpus.Cases : [.. fixtureCorpus.Cases.Where(c => ids.Contains(c.Id))];
var realCases = corpus == "fixtures" ? [] : realCorpus.Select(ids);
// Read before the publish: commits made while a long run goes on must not be credited with its figures.
var commit = $"`{(await TimedProcess.RunAsync("git", ["rev-parse", "HEAD"], BenchPaths.RepositoryRoot)).Output.Trim()}`";
if ((await TimedProcess.RunAsync("git", ["status", "--porcelain", "--", "src"], BenchPaths.RepositoryRoot)).Output.Trim().Length > 0)
{
    commit += " plus uncommitted changes in src";
}

if (publish)
{
    // What the image runs: the Dockerfile publishes ReadyToRun, so the cases run that, not the JIT-compiled build output.
    var published = Path.Combine(outRoot, "ciagent");
    var run = await TimedProcess.RunAsync(
        "dotnet",
        ["publish", Path.Combine(BenchPaths.RepositoryRoot, "src", "CiAgent.Cli", "CiAgent.Cli.csproj"), "--configuration", "Release", "--use-current-runtime",
            "--self-contained", "false", "-p:PublishReadyToRun=true", "--output", published, "--nologo"],
        BenchPaths.RepositoryRoot);
    if (run.ExitCode != 0)
    {
        Console.Error.WriteLine($"Publishing ciagent failed (exit {run.ExitCode}); pass --no-publish to run the build output instead.\n{run.Output}");
        return 3;
    }

    BenchPaths.CiAgentDll = Path.Combine(published, "ciagent.dll");
}

Console.WriteLine($"{cases.Count} fixture and {realCases.Count} real-code cases; ciagent {BenchPaths.CiAgentDll}; output {outRoot}");
var clock = Stopwatch.StartNew();
var runner = new CaseRunner(outRoot, measurePlain);
var results = new List<CaseResult>();
foreach (var benchCase in cases)
{
    CaseResult result;
    try
    {
        result = await runner.RunAsync(benchCase);
    }
    catch (Exception e) when (e is InvalidOperationException or IOException)
    {
        // One broken case must not cost the whole run's measurements.
        result = new CaseResult { Case = benchCase, Outcome = "error", Reason = e.Message };
    }

    results.Add(result);
    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {benchCase.Id}: {result.Outcome}{(result.AsExpected ? "" : $" (expected {benchCase.Expected}: {result.Reason})")} in {result.WallSeconds:0.0} s");
}

var realRunner = new RealCaseRunner(outRoot, measurePlain);
var realResults = new List<RealCaseResult>();
foreach (var realCase in realCases)
{
    RealCaseResult result;
    try
    {
        result = await realRunner.RunAsync(realCorpus, realCase);
    }
    catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException)
    {
        var asBench = new BenchCase { Id = realCase.Id, Fixture = realCase.Repository, Category = realCase.Category, Description = realCase.Description, Expected = realCase.Expected, Mutation = [] };
        result = new RealCaseResult(realCase, new CaseResult { Case = asBench, Outcome = "error", Reason = e.Message }, null);
    }

    realResults.Add(result);
    var r = result.Result;
    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {realCase.Id}: {r.Outcome}{(r.AsExpected ? "" : $" (expected {realCase.Expected}: {r.Reason})")}{(result.ExactReverseDiff == true ? ", exactly the reverse diff" : "")} in {r.WallSeconds:0.0} s");
}

var summary = new BenchSummary(results);
var realSummary = new RealCorpusSummary(realResults);
Console.WriteLine();
Console.WriteLine(summary.Table());
Console.WriteLine(summary.Figures());
var sdk = (await TimedProcess.RunAsync("dotnet", ["--version"], BenchPaths.RepositoryRoot)).Output.Trim();
var machine = $"{Environment.ProcessorCount} cores (nproc), {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}, .NET SDK {sdk}";
var markdown = summary.ResultsMarkdown(commit, machine, DateTimeOffset.UtcNow, clock.Elapsed.TotalSeconds);
if (realResults.Count > 0)
{
    Console.WriteLine(realSummary.Markdown());
    markdown += Environment.NewLine + realSummary.Markdown();
}

Directory.CreateDirectory(outRoot);
await File.WriteAllTextAsync(Path.Combine(outRoot, "RESULTS.md"), markdown);

// The published results come only from a whole run with the plain builds.
if (ids is null && wholeRun && measurePlain)
{
    await File.WriteAllTextAsync(Path.Combine(BenchPaths.BenchRoot, "RESULTS.md"), markdown);
}

Console.WriteLine(summary.SummaryLine());
if (realResults.Count > 0)
{
    Console.WriteLine(realSummary.SummaryLine());
}

return 0;
