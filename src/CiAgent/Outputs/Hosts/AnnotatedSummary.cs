using CiAgent.Outputs.Markdown;
using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Hosts;

/// <summary>The summary a CI host shows: the same renderer as every summary, with its lists in the ranked order of the annotations and a note on what was not annotated.</summary>
internal static class AnnotatedSummary
{
    /// <summary>The summary's content for a host that annotated the report with <paramref name="plan"/>; <paramref name="mermaid"/> says whether the host renders Mermaid.</summary>
    public static SummaryContent Content(RunReport report, HostPublishContext context, AnnotationPlan plan, bool mermaid = true) => new()
    {
        Report = report,
        Fixes = Section("Fixes", plan, AnnotationLevel.Notice, "notices"),
        Sections =
        [
            Section("Still broken", plan, AnnotationLevel.Error, "errors"),
            Section("Flaky tests (failed, then passed on a rerun; not changed)", plan, AnnotationLevel.Warning, "warnings"),
        ],
        Blocks = ImplementSummary.Blocks(report, mermaid),
        Diff = context.Diff,
        PatchPath = context.PatchPath,
    };

    private static SummarySection Section(string heading, AnnotationPlan plan, AnnotationLevel level, string kind)
    {
        var unannotated = plan.Overflow.Count(a => a.Level == level);
        var note = unannotated == 0 ? null
            : $"_The first {AnnotationPlan.LimitPerLevel} are annotated in the code; the other {unannotated} are listed here only, because CI shows at most {AnnotationPlan.LimitPerLevel} {kind} per step._";
        return new SummarySection(heading, [.. plan.Ranked.Where(a => a.Level == level).Select(Line)], note);
    }

    private static string Line(Annotation item)
    {
        var place = item.File is null ? "" : item.Line > 0 ? $" {item.File}:{item.Line}" : $" {item.File}";
        return item.Code switch
        {
            "test-failure" or "flaky-test" => $"{item.Title}{place}: {SummaryContent.Message(item.Message)}",
            _ => $"`{item.Code}`{place}: {SummaryContent.Message(item.Message)}",
        };
    }
}
