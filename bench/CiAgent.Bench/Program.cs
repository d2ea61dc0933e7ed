using System.Diagnostics;
using System.Runtime.InteropServices;
using CiAgent.Bench;

// dotnet run --project bench/CiAgent.Bench -c Release -- [--cases id,id] [--out DIR]
string[]? ids = null;
var outRoot = Path.Combine(Path.GetTempPath(), "ciagent-bench-out", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--cases" when i + 1 < args.Length:
            ids = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
        case "--out" when i + 1 < args.Length:
            outRoot = Path.GetFullPath(args[++i]);
            break;
        default:
            Console.Error.WriteLine("usage: CiAgent.Bench [--cases id,id] [--out DIR]");
            return 2;
    }
}

var cases = Corpus.Load(BenchPaths.Manifest).Select(ids);
Console.WriteLine($"{cases.Count} cases; ciagent {BenchPaths.CiAgentDll}; output {outRoot}");
var clock = Stopwatch.StartNew();
var runner = new CaseRunner(outRoot);
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

var summary = new BenchSummary(results);
Console.WriteLine();
Console.WriteLine(summary.Table());
Console.WriteLine(summary.Figures());
var commit = (await TimedProcess.RunAsync("git", ["rev-parse", "HEAD"], BenchPaths.RepositoryRoot)).Output.Trim();
var sdk = (await TimedProcess.RunAsync("dotnet", ["--version"], BenchPaths.RepositoryRoot)).Output.Trim();
var machine = $"{Environment.ProcessorCount} cores (nproc), {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}, .NET SDK {sdk}";
var markdown = summary.ResultsMarkdown(commit, machine, DateTimeOffset.UtcNow, clock.Elapsed.TotalSeconds);
Directory.CreateDirectory(outRoot);
await File.WriteAllTextAsync(Path.Combine(outRoot, "RESULTS.md"), markdown);

// Only a run of the whole corpus may stand as the published results.
if (ids is null)
{
    await File.WriteAllTextAsync(Path.Combine(BenchPaths.BenchRoot, "RESULTS.md"), markdown);
}

Console.WriteLine(summary.SummaryLine());
return 0;
