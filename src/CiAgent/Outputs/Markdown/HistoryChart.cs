namespace CiAgent.Outputs.Markdown;

/// <summary>How a summary draws the per-iteration history.</summary>
public enum HistoryChart
{
    /// <summary>No history: the before/after table says enough (files, pull requests).</summary>
    None,

    /// <summary>A Mermaid xychart, which GitHub renders in step summaries.</summary>
    Mermaid,

    /// <summary>A plain table, for hosts whose summary Markdown has no Mermaid.</summary>
    Table,
}
