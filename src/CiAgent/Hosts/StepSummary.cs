using System.Globalization;
using System.Text;
using CiAgent.Reporting;

namespace CiAgent.Hosts;

/// <summary>How a summary draws the per-iteration history.</summary>
internal enum HistoryChart
{
    /// <summary>A Mermaid xychart, which GitHub renders in step summaries.</summary>
    Mermaid,

    /// <summary>A plain table, for hosts whose summary Markdown has no Mermaid.</summary>
    Table,
}

/// <summary>Composes the Markdown a CI host shows for a run, trimmed to fit the host's size limit.</summary>
internal static class StepSummary
{
    /// <summary>GitHub rejects a step summary over 1 MiB; stay well below it so other content in the same step still fits.</summary>
    public const int MaxBytes = 1_000_000;

    private const int MessageChars = 300;

    /// <summary>The summary within <paramref name="maxBytes"/> UTF-8 bytes: the diff is trimmed first, then the lists.</summary>
    public static string Compose(RunReport report, HostPublishContext context, AnnotationPlan plan, HistoryChart chart, int maxBytes = MaxBytes)
    {
        var full = Render(report, context, plan, chart, diffBytes: int.MaxValue, listCap: int.MaxValue);
        if (Bytes(full) <= maxBytes)
        {
            return full;
        }

        var withoutDiff = Render(report, context, plan, chart, diffBytes: 0, listCap: int.MaxValue);
        var room = maxBytes - Bytes(withoutDiff) - 512; // the trimmed-diff fence and note
        if (room > 0)
        {
            return Render(report, context, plan, chart, diffBytes: room, listCap: int.MaxValue);
        }

        for (var cap = 1000; cap >= 0; cap = cap == 0 ? -1 : cap / 2)
        {
            var text = Render(report, context, plan, chart, diffBytes: 0, listCap: cap);
            if (Bytes(text) <= maxBytes)
            {
                return text;
            }
        }

        // Only a pathological reason text gets here; cut on a character boundary.
        var last = Render(report, context, plan, chart, diffBytes: 0, listCap: 0);
        while (Bytes(last) > maxBytes)
        {
            last = last[..(last.Length * 9 / 10)];
        }

        return last;
    }

    private static string Render(RunReport report, HostPublishContext context, AnnotationPlan plan, HistoryChart chart, int diffBytes, int listCap)
    {
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

        AppendSection(text, "Fixes", plan, AnnotationLevel.Notice, listCap, "notices");
        AppendDiff(text, context, diffBytes);
        AppendSection(text, "Still broken", plan, AnnotationLevel.Error, listCap, "errors");
        AppendSection(text, "Flaky tests (failed, then passed on a rerun; not changed)", plan, AnnotationLevel.Warning, listCap, "warnings");
        AppendHistory(text, context.History, chart);

        text.Append(CultureInfo.InvariantCulture, $"Iterations: {report.Iterations} · model calls: {report.ModelCalls} · tokens: {report.Usage.InputTokens} in / {report.Usage.OutputTokens} out · cost: ${report.CostUsd:0.####} · {report.DurationSeconds:0.#} s\n");
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

    private static void AppendSection(StringBuilder text, string heading, AnnotationPlan plan, AnnotationLevel level, int listCap, string kind)
    {
        var items = plan.Ranked.Where(a => a.Level == level).ToList();
        if (items.Count == 0)
        {
            return;
        }

        text.Append("### ").Append(heading).Append("\n\n");
        foreach (var item in items.Take(listCap))
        {
            text.Append("- ").Append(Line(item)).Append('\n');
        }

        if (items.Count > listCap)
        {
            text.Append("- … and ").Append(items.Count - listCap).Append(" more (see report.json)\n");
        }

        var unannotated = plan.Overflow.Count(a => a.Level == level);
        if (unannotated > 0)
        {
            text.Append("\n_The first ").Append(AnnotationPlan.LimitPerLevel).Append(" are annotated in the code; the other ")
                .Append(unannotated).Append(" are listed here only, because CI shows at most ")
                .Append(AnnotationPlan.LimitPerLevel).Append(' ').Append(kind).Append(" per step._\n");
        }

        text.Append('\n');
    }

    private static string Line(Annotation item)
    {
        var place = item.File is null ? "" : item.Line > 0 ? $" {item.File}:{item.Line}" : $" {item.File}";
        return item.Code switch
        {
            "test-failure" or "flaky-test" => $"{item.Title}{place}: {OneLine(item.Message)}",
            _ => $"`{item.Code}`{place}: {OneLine(item.Message)}",
        };
    }

    private static void AppendDiff(StringBuilder text, HostPublishContext context, int diffBytes)
    {
        if (string.IsNullOrWhiteSpace(context.Diff))
        {
            return;
        }

        var where = context.PatchPath is null ? "the patch artifact" : $"`{context.PatchPath}`";
        if (diffBytes <= 0)
        {
            text.Append("The diff is too large for this summary; see ").Append(where).Append(".\n\n");
            return;
        }

        var diff = context.Diff.ReplaceLineEndings("\n").TrimEnd();
        var kept = new StringBuilder();
        var trimmed = false;
        var used = 0;
        foreach (var line in diff.Split('\n'))
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

    private static void AppendHistory(StringBuilder text, IReadOnlyList<(int Iteration, int Errors, int FailedTests)> history, HistoryChart chart)
    {
        // One point is no trend; the before/after table already says it.
        if (history.Count < 2)
        {
            return;
        }

        text.Append("### Iterations\n\n");
        if (chart == HistoryChart.Table)
        {
            text.Append("| iteration | build errors | failing tests |\n|---:|---:|---:|\n");
            foreach (var (iteration, errors, failed) in history)
            {
                text.Append("| ").Append(iteration).Append(" | ").Append(errors).Append(" | ").Append(failed).Append(" |\n");
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

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length > MessageChars ? line[..MessageChars] + "…" : line;
    }

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
