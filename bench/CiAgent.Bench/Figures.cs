using System.Globalization;

namespace CiAgent.Bench;

/// <summary>How RESULTS.md writes its numbers, and the medians and extremes behind them: one place for both corpora's summaries.</summary>
internal static class Figures
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Seconds, one decimal; "-" when missing.</summary>
    public static string F(double? value) => value is { } v ? v.ToString("0.0", Invariant) : "-";

    /// <summary>The mean plain build, then each of its runs: "14.6 (14.3 / 14.9)"; "-" when none ran.</summary>
    public static string PlainBuilds(CaseResult result) =>
        result.PlainBuildSeconds is { } mean ? $"{F(mean)} ({string.Join(" / ", result.PlainBuildRuns.Select(run => F(run)))})" : "-";

    /// <summary>A ratio, two decimals; "-" when missing.</summary>
    public static string R(double? value) => value is { } v ? v.ToString("0.00", Invariant) : "-";

    /// <summary>A whole number; "-" when missing.</summary>
    public static string N(int? value) => value is { } v ? v.ToString(Invariant) : "-";

    /// <summary>Bytes as whole MiB; "-" when missing.</summary>
    public static string Mib(long? bytes) => bytes is { } b ? (b / 1024.0 / 1024.0).ToString("0", Invariant) : "-";

    /// <summary>yes, no, or "-".</summary>
    public static string B(bool? value) => value switch { true => "yes", false => "no", null => "-" };

    /// <summary>"part/whole (percent)", or "-" for an empty whole.</summary>
    public static string Percent(int part, int whole) => whole == 0 ? "-" : $"{part}/{whole} ({100.0 * part / whole:0}%)";

    /// <summary>The smallest value, or null for none.</summary>
    public static double? Min(IReadOnlyCollection<double> values) => values.Count == 0 ? null : values.Min();

    /// <summary>The largest value, or null for none.</summary>
    public static double? Max(IReadOnlyCollection<double> values) => values.Count == 0 ? null : values.Max();

    /// <summary>The median, or null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The median rounded to a whole number, or null for none.</summary>
    public static int? MedianInt(IEnumerable<int> values) => Median(values.Select(v => (double)v)) is { } m ? (int)Math.Round(m) : null;
}
