using System.Globalization;
using System.Text;
using static CiAgent.Bench.Figures;

namespace CiAgent.Bench;

/// <summary>Turns case results into the table, the figures and RESULTS.md.</summary>
public sealed class BenchSummary(IReadOnlyList<CaseResult> results)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The per-case table in Markdown.</summary>
    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| case | category | expected | outcome | tier | iter | calls | wall s | 1st req tok | prompt tok | recall | naive tok | naive recall | diag s | plain build s (before / after) | broken test s | diag ratio | rebuild s | plain incr s | plain test s | floor s | heal/floor | peak MiB |");
        text.AppendLine("|---|---|---|---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(string.Join(" | ",
                "| " + r.Case.Id, r.Case.Category, r.Case.Expected, (r.AsExpected ? "" : "**") + r.Outcome + (r.AsExpected ? "" : "**"), r.Tier,
                r.Iterations.ToString(Invariant), r.ModelCalls.ToString(Invariant), F(r.WallSeconds),
                N(r.FirstRequestTokens), N(r.FirstPromptTokens), B(r.Recall), N(r.NaiveTokens), B(r.NaiveRecall),
                F(r.TimeToFirstDiagnosis), PlainBuilds(r), F(r.PlainBrokenTestSeconds), R(r.DiagnosisRatio), F(r.HarnessRebuildSeconds), F(r.PlainIncrementalSeconds),
                F(r.PlainTestSeconds), F(r.FloorSeconds), R(r.HealRatio), Mib(r.PeakRssBytes)) + " |");
        }

        return text.ToString();
    }

    /// <summary>The figures, each a ratio or median over this run's cases, in Markdown.</summary>
    public string Figures()
    {
        var text = new StringBuilder();
        text.AppendLine("| category | cases | healed with zero model calls | offline heal rate |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Case.Category))
        {
            var offline = group.Count(r => r.Outcome == Outcomes.HealedOffline && r.ModelCalls == 0);
            text.AppendLine($"| {group.Key} | {group.Count()} | {offline} | {Percent(offline, group.Count())} |");
        }

        var roundRebuild = results.Where(r => r.Tier == "offline").Select(r => r.VerificationRatio).OfType<double>().ToList();
        var modelRebuild = results.Where(r => r.Tier.Contains("model", StringComparison.Ordinal)).Select(r => r.VerificationRatio).OfType<double>().ToList();
        var prompted = results.Where(r => r.FirstPromptTokens is not null && r.NaiveTokens is not null).ToList();
        var healOffline = results.Where(r => r.Outcome == Outcomes.HealedOffline).Select(r => r.HealRatio).OfType<double>().ToList();
        var healAll = results.Select(r => r.HealRatio).OfType<double>().ToList();
        var peaks = results.Select(r => r.PeakRssBytes).OfType<long>().Select(b => (double)b).ToList();
        text.AppendLine();
        text.AppendLine("| figure | value | over |");
        text.AppendLine("|---|---:|---|");
        text.AppendLine($"| time to heal / floor, median over offline heals | {R(Median(healOffline))} | {healOffline.Count} cases (min {R(Min(healOffline))}, max {R(Max(healOffline))}) |");
        text.AppendLine($"| time to heal / floor, median over all heals | {R(Median(healAll))} | {healAll.Count} cases (min {R(Min(healAll))}, max {R(Max(healAll))}) |");
        foreach (var row in DiagnosisFigures.Rows(results))
        {
            text.AppendLine(row);
        }

        text.AppendLine($"| model's first `run_build` / plain incremental `dotnet build --no-restore`, median | {R(Median(modelRebuild))} | {modelRebuild.Count} cases (min {R(Min(modelRebuild))}, max {R(Max(modelRebuild))}) |");
        text.AppendLine($"| offline rounds' real builds / plain incremental `dotnet build --no-restore`, median | {R(Median(roundRebuild))} | {roundRebuild.Count} cases (min {R(Min(roundRebuild))}, max {R(Max(roundRebuild))}) |");
        text.AppendLine($"| peak memory of the ciagent process (MiB), median | {Mib((long?)Median(peaks))} | {peaks.Count} cases (max {Mib((long?)Max(peaks))}) |");
        text.AppendLine($"| first request tokens (body incl. tool schemas), median | {N(MedianInt(prompted.Select(r => r.FirstRequestTokens!.Value)))} | {prompted.Count} model cases |");
        text.AppendLine($"| first prompt tokens (messages only), median | {N(MedianInt(prompted.Select(r => r.FirstPromptTokens!.Value)))} | {prompted.Count} model cases |");
        text.AppendLine($"| naive baseline tokens (log + every named file), median | {N(MedianInt(prompted.Select(r => r.NaiveTokens!.Value)))} | the same cases |");
        text.AppendLine($"| first prompt tokens / naive tokens, median per case | {R(Median([.. prompted.Select(r => (double)r.FirstPromptTokens!.Value / r.NaiveTokens!.Value)]))} | the same cases |");
        text.AppendLine($"| context recall, first prompt | {Percent(prompted.Count(r => r.Recall == true), prompted.Count)} | the same cases |");
        text.AppendLine($"| context recall, naive baseline | {Percent(prompted.Count(r => r.NaiveRecall == true), prompted.Count)} | the same cases |");
        foreach (var (kind, failingTests) in new[] { ("failing-test", true), ("build-error", false) })
        {
            var cases = prompted.Where(r => r.FailingTests == failingTests).ToList();
            text.AppendLine($"| context recall, first prompt, {kind} cases | {Percent(cases.Count(r => r.Recall == true), cases.Count)} | {cases.Count} of them |");
            text.AppendLine($"| context recall, naive baseline, {kind} cases | {Percent(cases.Count(r => r.NaiveRecall == true), cases.Count)} | the same {cases.Count} |");
        }
        return text.ToString();
    }

    /// <summary>The one-line summary printed last.</summary>
    public string SummaryLine()
    {
        var prompted = results.Where(r => r.FirstPromptTokens is not null && r.NaiveTokens is not null).ToList();
        var offlineCases = results.Where(r => r.Case.Expected == Outcomes.HealedOffline).ToList();
        return string.Create(Invariant,
            $"{results.Count(r => r.AsExpected)}/{results.Count} as expected; offline healed {offlineCases.Count(r => r.Outcome == Outcomes.HealedOffline)}/{offlineCases.Count} offline cases; " +
            $"heal/floor median {R(Median([.. results.Where(r => r.Outcome == Outcomes.HealedOffline).Select(r => r.HealRatio).OfType<double>()]))} (offline heals); " +
            $"diagnosis/plain counterpart median {R(DiagnosisFigures.Median(results))}; " +
            $"model run_build/plain incremental median {R(Median([.. results.Where(r => r.Tier.Contains("model", StringComparison.Ordinal)).Select(r => r.VerificationRatio).OfType<double>()]))}; " +
            $"offline round builds/plain incremental median {R(Median([.. results.Where(r => r.Tier == "offline").Select(r => r.VerificationRatio).OfType<double>()]))}; " +
            $"first prompt median {N(MedianInt(prompted.Select(r => r.FirstPromptTokens!.Value)))} tok vs naive {N(MedianInt(prompted.Select(r => r.NaiveTokens!.Value)))} tok; " +
            $"recall {Percent(prompted.Count(r => r.Recall == true), prompted.Count)} vs naive {Percent(prompted.Count(r => r.NaiveRecall == true), prompted.Count)} " +
            $"(failing tests {RecallOf(prompted, failingTests: true)}, build errors {RecallOf(prompted, failingTests: false)}); " +
            $"total {results.Sum(r => r.WallSeconds):0} s in ciagent");
    }

    /// <summary>RESULTS.md: when, where, the definitions, the figures and the table.</summary>
    public string ResultsMarkdown(string commit, string machine, DateTimeOffset when, double totalSeconds) => $"""
        # CiAgent healing benchmark — results

        - date: {when.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant)}
        - commit: {commit}
        - machine: {machine}
        - cases: {results.Count}; whole run (heals and plain builds) {totalSeconds.ToString("0", Invariant)} s

        Summary: {SummaryLine()}

        ## Definitions

        Every figure is measured in this one run, on this machine, on the same broken workspaces.

        - **offline heal rate** (per category) = cases whose report says `healed` with only `offline` fixes and zero model calls / cases in the category.
        - **plain build** = the wall time of a plain `dotnet build` (restore included) of the same broken workspace in a separate copy, run twice per heal case, once before the heal and once after it, each in a fresh copy; the mean of the two. Whichever build runs second finds the packages and the SDK in the page cache, and the machine's drift over a case's minutes falls on both sides of the heal; the table shows both runs.
        - **floor** = what any verified heal must at least pay, measured per heal case in a separate copy of the same broken workspace: the plain build, then, after the true fix, a plain `dotnet build --no-restore` (incremental; with restore when the fix edits a project file, whose restore it changes) and a plain `dotnet test --no-build`; the sum of the three wall times. The heal and each plain build start with `dotnet build-server shutdown` (untimed), as on a fresh CI runner, so neither finds the compiler server warm with the other's references. **time to heal / floor** divides the wall time of the whole `ciagent heal` process (report and summary written; `--commit none`) by it, per case, then the median over the cases healed offline and over every healed case.
        - **peak memory** = the highest VmHWM (resident-set high-water mark) of the `ciagent heal` process itself, read from `/proc/<pid>/status` every 100 ms while it runs; the `dotnet build` and `dotnet test` processes it starts are separate processes and not counted. A peak in the last 100 ms before exit could be missed.
        - **time to first diagnosis** = seconds from starting the `ciagent heal` process to its first offline fix (the first `fixed offline:` log line, stamped by the runner on arrival, in ms) or, in model cases, to the oracle receiving the first request. Its **ratio** divides it by what a plain run pays to see the same breakage: the plain build, plus, where that build succeeds (failing-test cases), a plain `dotnet test --no-build` of the broken copy, since a failing test is seen only by running the tests (the table's "broken test s"). Per case, then the median, also split into build-error and failing-test cases; the median over the plain build alone is shown too.
        - **per-edit verification**, two rows: in model cases, the tool time of the model's first `run_build` step in trajectory.jsonl (the issue's goal applies to this row); in offline cases, the real builds of the offline rounds (the report's `timings.verification`: every build after the baseline). Each **ratio** divides it by a plain `dotnet build --no-restore` of the separate copy, run right after the true fix touched the same files (so after one full build: incremental). Cases whose oracle checked with `run_tests` (logic bugs) have no rebuild figure.
        - **first request tokens** = characters of the first request body / 4 (system prompt, first prompt and tool schemas); **first prompt tokens** = characters of the request's messages / 4. Both estimates: no tokenizer runs here.
        - **naive baseline** = what a simple agent loop sends: the whole output of a real `dotnet build` of the same broken workspace (plus `dotnet test --no-build` when the build succeeds), then the full text of every file under the workspace whose path that output names. Tokens = characters / 4. Computed for model cases.
        - **context recall** = whether the text contains every "before" line of the true fix's edits (whitespace-trimmed, blank lines aside): for the harness, the first request's messages as the model reads them (JSON escapes undone); for the naive baseline, its text. A share of cases, also split into failing-test cases (the first prompt says the build succeeds but tests fail: logic bugs) and build-error cases.
        - The oracle model knows the true fix and answers through the public tools (read_file, replace_in_file per edit, run_build or run_tests, finish), so these figures measure the harness, not a model.

        ## Figures

        {Figures().Trim()}

        ## Cases

        {Table().Trim()}

        """;

    private static string RecallOf(List<CaseResult> prompted, bool failingTests)
    {
        var cases = prompted.Where(r => r.FailingTests == failingTests).ToList();
        return $"{cases.Count(r => r.Recall == true)}/{cases.Count} vs naive {cases.Count(r => r.NaiveRecall == true)}/{cases.Count}";
    }
}
