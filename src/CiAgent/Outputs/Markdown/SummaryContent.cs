using CiAgent.Kernel;
using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Markdown;

/// <summary>What a summary shows: the report, its lists, the diff and the history; the layout decides how much of it fits.</summary>
public sealed record SummaryContent
{
    /// <summary>The finished report.</summary>
    public required RunReport Report { get; init; }

    /// <summary>The fixes, shown before the diff.</summary>
    public SummarySection? Fixes { get; init; }

    /// <summary>The other lists, in order, shown after the diff.</summary>
    public IReadOnlyList<SummarySection> Sections { get; init; } = [];

    /// <summary>Markdown blocks shown after the lists, as they are (an implement run's traceability table and roles).</summary>
    public IReadOnlyList<string> Blocks { get; init; } = [];

    /// <summary>The change as a unified diff, or null.</summary>
    public string? Diff { get; init; }

    /// <summary>Where the full patch is, named when the diff is trimmed.</summary>
    public string? PatchPath { get; init; }

    /// <summary>The sections of a report read straight from it (files and pull requests, where nothing is annotated).</summary>
    public static SummaryContent FromReport(RunReport report, string? diff = null)
    {
        var sections = new List<SummarySection>
        {
            new("Refused by the test-integrity policy", [.. report.PolicyViolations.Select(v => $"`{v.Rule}` {v.File}:{v.Line}: {Message(v.Message)}")]),
        };
        if (report.Status != RunStatus.Healed.Name && report.Status != RunStatus.AlreadyGreen.Name && report.Final is { } final)
        {
            sections.Add(new("Still broken", [
                .. final.Diagnostics.Where(d => d.Severity == "error").Select(d => $"`{d.Code}` {d.File}{(d.Line > 0 ? $":{d.Line}" : "")}: {Message(d.Message)}"),
                .. final.Tests.Select(t => $"test `{t.Name}`{(t.File is null ? "" : $" ({t.File}:{t.Line})")}: {Message(t.Message)}"),
            ]));
        }

        sections.Add(new("Flaky tests (failed, then passed on a rerun; not changed)", [.. report.FlakyTests.Select(t => $"`{t.Name}`: {Message(t.Message)}")]));
        return new SummaryContent
        {
            Report = report,
            Fixes = new("Fixes", [.. report.Fixes.Select(f => $"`{f.Code}` {f.File}:{f.Line} ({f.Tier}, {f.Fixer}): {f.Description}")]),
            Sections = sections,
            Blocks = ImplementSummary.Blocks(report, mermaid: false),
            Diff = diff,
        };
    }

    /// <summary>A message as a summary line shows it: one line, at most 300 characters.</summary>
    public static string Message(string message) => TextShape.Cap(TextShape.OneLine(message), 300);
}
