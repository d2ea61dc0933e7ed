using System.Text;
using CiAgent.Kernel;

namespace CiAgent.Reporting;

/// <summary>Writes the human-readable Markdown summary of a run.</summary>
public static class SummaryWriter
{
    private const int MaxListed = 20;

    /// <summary>The full summary for summary.md and CI step summaries.</summary>
    public static string ToMarkdown(RunReport report, string? diff = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"## CiAgent: {report.Status}").AppendLine();
        text.AppendLine(report.Reason).AppendLine();
        if (report.Baseline is { } before)
        {
            var after = report.Final ?? before;
            text.AppendLine("| | before | after |").AppendLine("|---|---:|---:|");
            text.AppendLine($"| build errors | {before.Errors} | {after.Errors} |");
            text.AppendLine($"| failing tests | {Tests(before)} | {Tests(after)} |").AppendLine();
        }

        if (report.Fixes.Count > 0)
        {
            text.AppendLine("### Fixes").AppendLine();
            foreach (var fix in report.Fixes)
            {
                text.AppendLine($"- `{fix.Code}` {fix.File}:{fix.Line} ({fix.Tier}, {fix.Fixer}): {fix.Description}");
            }

            text.AppendLine();
        }

        if (report.FlakyTests.Count > 0)
        {
            text.AppendLine("### Flaky tests (failed, then passed on a rerun; not changed)").AppendLine();
            foreach (var test in report.FlakyTests)
            {
                text.AppendLine($"- `{test.Name}`: {OneLine(test.Message)}");
            }

            text.AppendLine();
        }

        if (report.PolicyViolations.Count > 0)
        {
            text.AppendLine("### Refused by the test-integrity policy").AppendLine();
            foreach (var violation in report.PolicyViolations)
            {
                text.AppendLine($"- `{violation.Rule}` {violation.File}:{violation.Line}: {OneLine(violation.Message)}");
            }

            text.AppendLine();
        }

        if (report.Status != RunStatus.Healed.Name && report.Status != RunStatus.AlreadyGreen.Name && report.Final is { } final)
        {
            AppendRemaining(text, final);
        }

        if (report.Commit is not null)
        {
            text.AppendLine($"Commit: `{report.Commit}`").AppendLine();
        }

        if (report.PullRequestUrl is not null)
        {
            text.AppendLine($"Pull request: {report.PullRequestUrl}").AppendLine();
        }

        if (!string.IsNullOrWhiteSpace(diff))
        {
            text.AppendLine("<details><summary>Diff</summary>").AppendLine().AppendLine("```diff").Append(diff.TrimEnd()).AppendLine().AppendLine("```").AppendLine("</details>").AppendLine();
        }

        text.AppendLine($"Iterations: {report.Iterations} · model calls: {report.ModelCalls} · tokens: {report.Usage.InputTokens} in / {report.Usage.OutputTokens} out · cost: ${report.CostUsd:0.####} · {report.DurationSeconds:0.#} s");
        return text.ToString();
    }

    /// <summary>A few lines for the end of the console log.</summary>
    public static string ToConsole(RunReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"ciagent: {report.Status}: {report.Reason}");
        if (report.Baseline is { } before)
        {
            var after = report.Final ?? before;
            text.AppendLine($"  build errors {before.Errors} → {after.Errors}, failing tests {Tests(before)} → {Tests(after)}");
        }

        foreach (var fix in report.Fixes.Take(10))
        {
            text.AppendLine($"  fixed {fix.Code} in {fix.File}:{fix.Line}: {fix.Description}");
        }

        if (report.Commit is not null)
        {
            text.AppendLine($"  commit {report.Commit}");
        }

        return text.ToString();
    }

    private static void AppendRemaining(StringBuilder text, StateReport final)
    {
        var errors = final.Diagnostics.Where(d => d.Severity == "error").ToList();
        if (errors.Count == 0 && final.Tests.Count == 0)
        {
            return;
        }

        text.AppendLine("### Still broken").AppendLine();
        foreach (var d in errors.Take(MaxListed))
        {
            text.AppendLine($"- `{d.Code}` {d.File}{(d.Line > 0 ? $":{d.Line}" : "")}: {OneLine(d.Message)}");
        }

        foreach (var t in final.Tests.Take(MaxListed))
        {
            text.AppendLine($"- test `{t.Name}`{(t.File is null ? "" : $" ({t.File}:{t.Line})")}: {OneLine(t.Message)}");
        }

        var hidden = Math.Max(0, errors.Count - MaxListed) + Math.Max(0, final.Tests.Count - MaxListed);
        if (hidden > 0)
        {
            text.AppendLine($"- … and {hidden} more (see report.json)");
        }

        text.AppendLine();
    }

    private static string Tests(StateReport state) => state.TestsRan ? state.FailedTests.ToString() : "–";

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
