namespace CiAgent.Outputs.Markdown;

/// <summary>Where a summary is shown, and what that place allows: its chart, its size limit and how long a list may be.</summary>
/// <param name="Chart">How the history is drawn.</param>
/// <param name="MaxBytes">The most UTF-8 bytes the place accepts.</param>
/// <param name="ListCap">The most items listed per section before "and N more".</param>
public sealed record SummaryLayout(HistoryChart Chart, int MaxBytes, int ListCap)
{
    /// <summary>summary.md in the output folder.</summary>
    public static SummaryLayout File { get; } = new(HistoryChart.None, int.MaxValue, 20);

    /// <summary>A pull request's description; each host's own length limit is applied where it is sent.</summary>
    public static SummaryLayout PullRequest { get; } = new(HistoryChart.None, int.MaxValue, 20);

    /// <summary>GitHub's step summary: Mermaid renders there; it rejects a summary over 1 MiB, so stay well below it.</summary>
    public static SummaryLayout GitHubStepSummary { get; } = new(HistoryChart.Mermaid, 1_000_000, int.MaxValue);

    /// <summary>The Markdown summary Azure DevOps attaches to a run (no Mermaid there).</summary>
    public static SummaryLayout AzureDevOpsSummary { get; } = new(HistoryChart.Table, 1_000_000, int.MaxValue);
}
