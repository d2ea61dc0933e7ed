using static CiAgent.Bench.Figures;

namespace CiAgent.Bench;

/// <summary>The time-to-first-diagnosis rows of RESULTS.md, the same for both corpora.</summary>
internal static class DiagnosisFigures
{
    /// <summary>The median over the cases, against what a plain run pays to see the breakage.</summary>
    public static double? Median(IEnumerable<CaseResult> results) => Figures.Median(results.Select(r => r.DiagnosisRatio).OfType<double>());

    /// <summary>
    /// Table rows: the median against the plain counterpart (the build; the build and the test run where the build succeeds, as
    /// failing tests are seen only by running them), that median for each kind of case, and the median against the plain build alone.
    /// </summary>
    public static IEnumerable<string> Rows(IReadOnlyCollection<CaseResult> results)
    {
        var all = results.Select(r => r.DiagnosisRatio).OfType<double>().ToList();
        var buildErrors = results.Where(r => r.PlainBrokenTestSeconds is null).Select(r => r.DiagnosisRatio).OfType<double>().ToList();
        var failingTests = results.Where(r => r.PlainBrokenTestSeconds is not null).Select(r => r.DiagnosisRatio).OfType<double>().ToList();
        var overBuild = results.Select(r => r.DiagnosisOverBuildRatio).OfType<double>().ToList();
        yield return $"| time to first diagnosis / plain counterpart (build; build + test run where the build succeeds), median | {R(Figures.Median(all))} | {Over(all)} |";
        yield return $"| the same, build-error cases | {R(Figures.Median(buildErrors))} | {Over(buildErrors)} |";
        yield return $"| the same, failing-test cases | {R(Figures.Median(failingTests))} | {Over(failingTests)} |";
        yield return $"| time to first diagnosis / plain `dotnet build` alone, median | {R(Figures.Median(overBuild))} | {Over(overBuild)} |";
    }

    private static string Over(IReadOnlyCollection<double> ratios) => $"{ratios.Count} cases (min {R(Min(ratios))}, max {R(Max(ratios))})";
}
