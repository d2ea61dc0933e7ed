using System.Globalization;
using System.Text;
using static CiAgent.Bench.Figures;

namespace CiAgent.Bench;

/// <summary>Turns real-corpus results into the RESULTS.md section on real code: heal rate by class, exact reverse diffs, time ratios and context recall.</summary>
public sealed class RealCorpusSummary(IReadOnlyList<RealCaseResult> results)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The one-line summary of the real corpus.</summary>
    public string SummaryLine()
    {
        var healed = results.Count(Healed);
        var modelCases = results.Where(r => r.Result.FirstPromptTokens is not null).ToList();
        return string.Create(Invariant,
            $"real code: {results.Count(r => r.Result.AsExpected)}/{results.Count} as expected; healed {Percent(healed, results.Count)}; " +
            $"exactly the reverse diff {Percent(results.Count(r => r.ExactReverseDiff == true), healed)} of those healed; " +
            $"heal/floor median {R(Median(results.Where(Offline).Select(r => r.Result.HealRatio).OfType<double>()))} (offline heals); " +
            $"diagnosis/plain counterpart median {R(DiagnosisFigures.Median(results.Select(r => r.Result)))}; " +
            $"offline round builds/plain incremental median {R(Median(results.Where(r => r.Result.Tier == "offline").Select(r => r.Result.VerificationRatio).OfType<double>()))}; " +
            $"model-tier recall {Percent(modelCases.Count(r => r.Result.Recall == true), modelCases.Count)}");
    }

    /// <summary>The section for RESULTS.md, from its heading to the per-case table.</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine("## Real code");
        text.AppendLine();
        text.AppendLine($"Summary: {SummaryLine()}");
        text.AppendLine();
        text.AppendLine("Breakages of public repositories (kept outside this repository, provenance in the corpus's README), one commit each on a baseline that builds and passes its tests here, run exactly as the fixture cases are (same runner, same oracle, same plain builds).");
        text.AppendLine();
        text.AppendLine("- **healed** = the report says `healed` (with the oracle as the model for `healed-model` cases); **offline** = healed with only offline fixes and zero model calls.");
        text.AppendLine("- **exact reverse diff** = `fix.patch`, applied to a fresh checkout of the breakage, gives the baseline's tree byte for byte. A rename that is healed forward (the uses follow the new name) is healed but not the reverse diff.");
        text.AppendLine("- the time ratios and context recall are defined as above; recall is over the cases that reached the model tier.");
        text.AppendLine();
        text.AppendLine("| class | cases | as expected | healed | offline | exact reverse diff |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Case.Category))
        {
            var healed = group.Count(Healed);
            text.AppendLine(string.Create(Invariant,
                $"| {group.Key} | {group.Count()} | {group.Count(r => r.Result.AsExpected)} | {Percent(healed, group.Count())} | {group.Count(Offline)} | {Percent(group.Count(r => r.ExactReverseDiff == true), healed)} |"));
        }

        var modelCases = results.Where(r => r.Result.FirstPromptTokens is not null).ToList();
        var roundRebuild = results.Where(r => r.Result.Tier == "offline").Select(r => r.Result.VerificationRatio).OfType<double>().ToList();
        var modelRebuild = results.Where(r => r.Result.Tier.Contains("model", StringComparison.Ordinal)).Select(r => r.Result.VerificationRatio).OfType<double>().ToList();
        text.AppendLine();
        text.AppendLine("| figure | value | over |");
        text.AppendLine("|---|---:|---|");
        text.AppendLine($"| healed | {Percent(results.Count(Healed), results.Count)} | {results.Count} cases |");
        text.AppendLine($"| healed offline, of the cases expected to | {Percent(results.Count(r => r.Case.Expected == Outcomes.HealedOffline && Offline(r)), results.Count(r => r.Case.Expected == Outcomes.HealedOffline))} | the cases expected `healed-offline` |");
        text.AppendLine($"| healed with exactly the reverse diff | {Percent(results.Count(r => r.ExactReverseDiff == true), results.Count(Healed))} | the healed cases |");
        var healOffline = results.Where(Offline).Select(r => r.Result.HealRatio).OfType<double>().ToList();
        var healAll = results.Where(Healed).Select(r => r.Result.HealRatio).OfType<double>().ToList();
        text.AppendLine($"| time to heal / floor, median over offline heals | {R(Median(healOffline))} | {healOffline.Count} cases (max {R(healOffline.Count == 0 ? null : healOffline.Max())}) |");
        text.AppendLine($"| time to heal / floor, median over all heals | {R(Median(healAll))} | {healAll.Count} cases (max {R(healAll.Count == 0 ? null : healAll.Max())}) |");
        foreach (var row in DiagnosisFigures.Rows([.. results.Select(r => r.Result)]))
        {
            text.AppendLine(row);
        }

        text.AppendLine($"| model's first `run_build` / plain incremental `dotnet build --no-restore`, median | {R(Median(modelRebuild))} | {modelRebuild.Count} cases |");
        text.AppendLine($"| offline rounds' real builds / plain incremental `dotnet build --no-restore`, median | {R(Median(roundRebuild))} | {roundRebuild.Count} cases |");
        text.AppendLine($"| context recall, first prompt | {Percent(modelCases.Count(r => r.Result.Recall == true), modelCases.Count)} | {modelCases.Count} model-tier cases |");
        text.AppendLine($"| context recall, naive baseline | {Percent(modelCases.Count(r => r.Result.NaiveRecall == true), modelCases.Count(r => r.Result.NaiveRecall is not null))} | the same cases |");
        text.AppendLine($"| first prompt tokens, median (naive) | {N(MedianInt(modelCases.Select(r => r.Result.FirstPromptTokens).OfType<int>()))} ({N(MedianInt(modelCases.Select(r => r.Result.NaiveTokens).OfType<int>()))}) | the same cases |");
        text.AppendLine();
        text.AppendLine("| case | class | expected | outcome | exact | tier | iter | calls | wall s | diag s | plain build s (before / after) | broken test s | diag ratio | rebuild s | plain incr s | plain test s | floor s | heal/floor | recall | naive recall |");
        text.AppendLine("|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var (realCase, r, exact) in results)
        {
            var outcome = r.AsExpected ? r.Outcome : $"**{r.Outcome}**";
            text.AppendLine(string.Join(" | ",
                "| " + realCase.Id, realCase.Category, realCase.Expected, outcome, B(exact), r.Tier, r.Iterations.ToString(Invariant), r.ModelCalls.ToString(Invariant),
                F(r.WallSeconds), F(r.TimeToFirstDiagnosis), PlainBuilds(r), F(r.PlainBrokenTestSeconds), R(r.DiagnosisRatio), F(r.HarnessRebuildSeconds), F(r.PlainIncrementalSeconds),
                F(r.PlainTestSeconds), F(r.FloorSeconds), R(r.HealRatio), B(r.Recall), B(r.NaiveRecall)) + " |");
        }

        return text.ToString();
    }

    private static bool Healed(RealCaseResult r) => r.Result.Outcome is Outcomes.HealedOffline or Outcomes.HealedModel;

    private static bool Offline(RealCaseResult r) => r.Result.Outcome == Outcomes.HealedOffline && r.Result.ModelCalls == 0;
}
