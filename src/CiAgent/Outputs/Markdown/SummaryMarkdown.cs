using System.Globalization;
using System.Text;
using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Markdown;

/// <summary>The one Markdown renderer of a run's summary, for every place it is shown; it fits the layout's size by trimming the diff first, then the lists.</summary>
public static class SummaryMarkdown
{
    /// <summary>The summary as the layout wants it, within the layout's byte limit.</summary>
    public static string Render(SummaryContent content, SummaryLayout layout)
    {
        var full = Render(content, layout, diffBytes: int.MaxValue, layout.ListCap);
        if (Bytes(full) <= layout.MaxBytes)
        {
            return full;
        }

        var withoutDiff = Render(content, layout, diffBytes: 0, layout.ListCap);
        var room = layout.MaxBytes - Bytes(withoutDiff) - 512; // the trimmed-diff fence and note
        if (room > 0)
        {
            return Render(content, layout, diffBytes: room, layout.ListCap);
        }

        for (var cap = Math.Min(1000, layout.ListCap); cap >= 0; cap = cap == 0 ? -1 : cap / 2)
        {
            var text = Render(content, layout, diffBytes: 0, cap);
            if (Bytes(text) <= layout.MaxBytes)
            {
                return text;
            }
        }

        // Only a pathological reason text gets here; cut on a character boundary.
        var last = Render(content, layout, diffBytes: 0, listCap: 0);
        while (Bytes(last) > layout.MaxBytes)
        {
            last = last[..(last.Length * 9 / 10)];
        }

        return last;
    }

    /// <summary>A few lines for the end of the console log.</summary>
    public static string Console(RunReport report)
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

    private static string Render(SummaryContent content, SummaryLayout layout, int diffBytes, int listCap)
    {
        var report = content.Report;
        var text = new StringBuilder();
        text.Append("## CiAgent: ").Append(report.Status).Append("\n\n");
        text.Append(report.Reason).Append("\n\n");
        if (report.Baseline is { } before)
        {
            var after = report.Final ?? before;
            text.Append("| | before | after |\n|---|---:|---:|\n");
            text.Append("| build errors | ").Append(before.Errors).Append(" | ").Append(after.Errors).Append(" |\n");
            text.Append("| failing tests | ").Append(Tests(before)).Append(" | ").Append(Tests(after)).Append(" |\n\n");
        }

        if (content.Fixes is { } fixes)
        {
            AppendSection(text, fixes, listCap);
        }

        AppendDiff(text, content, diffBytes);
        foreach (var section in content.Sections)
        {
            AppendSection(text, section, listCap);
        }

        foreach (var block in content.Blocks)
        {
            text.Append(block).Append('\n');
        }

        AppendHistory(text, report.History, layout.Chart);
        text.Append(CultureInfo.InvariantCulture, $"Iterations: {report.Iterations} · model calls: {report.ModelCalls} · tokens: {report.Usage.InputTokens} in / {report.Usage.OutputTokens} out · cost: ${report.CostUsd:0.####} · {report.DurationSeconds:0.#} s\n");
        if (report.Timings.Where(phase => phase.Value >= 0.05).ToList() is { Count: > 0 } spent)
        {
            text.Append("Time: ").AppendJoin(" · ", spent.Select(phase => string.Create(CultureInfo.InvariantCulture, $"{phase.Key} {phase.Value:0.0} s"))).Append('\n');
        }
        if (report.Commit is not null)
        {
            text.Append("\nCommit: `").Append(report.Commit).Append("`\n");
        }

        if (report.PullRequestUrl is not null)
        {
            text.Append("\nPull request: ").Append(report.PullRequestUrl).Append('\n');
        }

        return text.ToString();
    }

    private static void AppendSection(StringBuilder text, SummarySection section, int listCap)
    {
        if (section.Items.Count == 0)
        {
            return;
        }

        text.Append("### ").Append(section.Heading).Append("\n\n");
        foreach (var item in section.Items.Take(listCap))
        {
            text.Append("- ").Append(item).Append('\n');
        }

        if (section.Items.Count > listCap)
        {
            text.Append("- … and ").Append(section.Items.Count - listCap).Append(" more (see report.json)\n");
        }

        if (section.Note is not null)
        {
            text.Append('\n').Append(section.Note).Append('\n');
        }

        text.Append('\n');
    }

    private static void AppendDiff(StringBuilder text, SummaryContent content, int diffBytes)
    {
        if (string.IsNullOrWhiteSpace(content.Diff))
        {
            return;
        }

        var where = content.PatchPath is null ? "the patch artifact" : $"`{content.PatchPath}`";
        if (diffBytes <= 0)
        {
            text.Append("The diff is too large for this summary; see ").Append(where).Append(".\n\n");
            return;
        }

        var kept = new StringBuilder();
        var trimmed = false;
        var used = 0;
        foreach (var line in content.Diff.ReplaceLineEndings("\n").TrimEnd().Split('\n'))
        {
            // Whole lines only: a hunk cut mid-line would render as a corrupt diff.
            used += Encoding.UTF8.GetByteCount(line) + 1;
            if (used > diffBytes)
            {
                trimmed = true;
                break;
            }

            kept.Append(line).Append('\n');
        }

        text.Append("<details><summary>Diff</summary>\n\n```diff\n").Append(kept).Append("```\n");
        if (trimmed)
        {
            text.Append("\nThe diff is trimmed to fit this summary; the full patch is ").Append(where).Append(".\n");
        }

        text.Append("</details>\n\n");
    }

    private static void AppendHistory(StringBuilder text, IReadOnlyList<HistoryPoint> history, HistoryChart chart)
    {
        // One point is no trend; the before/after table already says it.
        if (history.Count < 2 || chart == HistoryChart.None)
        {
            return;
        }

        text.Append("### Iterations\n\n");
        if (chart == HistoryChart.Table)
        {
            text.Append("| iteration | build errors | failing tests |\n|---:|---:|---:|\n");
            foreach (var point in history)
            {
                text.Append("| ").Append(point.Iteration).Append(" | ").Append(point.Errors).Append(" | ").Append(point.FailedTests).Append(" |\n");
            }

            text.Append('\n');
            return;
        }

        var top = Math.Max(1, history.Max(h => Math.Max(h.Errors, h.FailedTests)));
        text.Append("```mermaid\nxychart-beta\n");
        text.Append("    title \"Build errors (bars) and failing tests (line) per iteration\"\n");
        text.Append("    x-axis \"iteration\" [").AppendJoin(", ", history.Select(h => h.Iteration)).Append("]\n");
        text.Append("    y-axis \"count\" 0 --> ").Append(top).Append('\n');
        text.Append("    bar [").AppendJoin(", ", history.Select(h => h.Errors)).Append("]\n");
        text.Append("    line [").AppendJoin(", ", history.Select(h => h.FailedTests)).Append("]\n");
        text.Append("```\n\n");
    }

    private static string Tests(StateReport state) => state.TestsRan ? state.FailedTests.ToString(CultureInfo.InvariantCulture) : "–";

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
