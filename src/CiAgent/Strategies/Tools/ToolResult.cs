namespace CiAgent.Strategies.Tools;

/// <summary>What a tool call returns to the model: text, and whether that text describes a failure the model should correct.</summary>
/// <param name="Text">The reply for the model.</param>
/// <param name="IsError">True when the call did nothing because of bad input, a refusal or a failure.</param>
public sealed record ToolResult(string Text, bool IsError)
{
    /// <summary>The model's summary when this was a call to finish; null for every other tool.</summary>
    public string? FinishSummary { get; init; }

    /// <summary>Full path of the file the call wrote, when it wrote one.</summary>
    public string? EditedPath { get; init; }

    internal static ToolResult Ok(string text) => new(text, false);

    internal static ToolResult Error(string text) => new(text, true);
}
