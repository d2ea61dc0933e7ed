using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Hosts;

/// <summary>Which annotations a run produces, ranked, and which of them fit the per-step limit.</summary>
internal sealed class AnnotationPlan
{
    /// <summary>GitHub shows at most ten annotations of each level per step and silently drops the rest.</summary>
    public const int LimitPerLevel = 10;

    private AnnotationPlan(IReadOnlyList<Annotation> ranked, int limit)
    {
        Ranked = ranked;
        Emitted = ranked.GroupBy(a => a.Level).SelectMany(level => level.Take(limit)).ToList();
        Overflow = ranked.GroupBy(a => a.Level).SelectMany(level => level.Skip(limit)).ToList();
    }

    /// <summary>Every annotation, best first within each level.</summary>
    public IReadOnlyList<Annotation> Ranked { get; }

    /// <summary>The annotations to write as log commands.</summary>
    public IReadOnlyList<Annotation> Emitted { get; }

    /// <summary>The annotations over the limit, which only the summary lists.</summary>
    public IReadOnlyList<Annotation> Overflow { get; }

    /// <summary>Errors for what is still broken, notices for fixes and warnings for flaky tests.</summary>
    public static AnnotationPlan For(RunReport report, Func<string?, string?> relativize, int limit = LimitPerLevel)
    {
        var errors = new List<Annotation>();
        if (report.Final is { } final)
        {
            // Warnings were there before ciagent and are not what it heals; annotating them would crowd out real errors.
            errors.AddRange(final.Diagnostics
                .Where(d => d.Severity == "error")
                .Select(d => new Annotation(AnnotationLevel.Error, relativize(d.File), d.Line, d.Column, d.Code, d.Code, d.Message)));
            errors.AddRange(final.Tests
                .Select(t => new Annotation(AnnotationLevel.Error, relativize(t.File), t.Line, 0, "test-failure", $"Test failed: {t.Name}", OrName(t.Message, t.Name))));
        }

        var warnings = report.FlakyTests
            .Select(t => new Annotation(AnnotationLevel.Warning, relativize(t.File), t.Line, 0, "flaky-test", $"Flaky test: {t.Name}", OrName(t.Message, t.Name)));
        var notices = report.Fixes
            .Select(f => new Annotation(AnnotationLevel.Notice, relativize(f.File), f.Line, 0, f.Code, $"ciagent fixed {f.Code}", f.Description));

        return new AnnotationPlan([.. Rank(errors), .. Rank(warnings), .. Rank(notices)], limit);
    }

    private static IEnumerable<Annotation> Rank(IEnumerable<Annotation> annotations)
    {
        var list = annotations.ToList();
        var frequency = list.GroupBy(a => a.Code).ToDictionary(g => g.Key, g => g.Count());

        // A located error is one click from the fix, and the most common code is usually the root cause of the others.
        // OrderBy is stable, so ties keep the build's own order.
        return list.OrderBy(a => a.File is null ? 1 : 0).ThenByDescending(a => frequency[a.Code]);
    }

    private static string OrName(string message, string name) => string.IsNullOrWhiteSpace(message) ? name : message;
}
