namespace CiAgent.Outputs.Report;

/// <summary>One review comment.</summary>
/// <param name="Path">The file.</param>
/// <param name="Line">The line (0 for the whole file).</param>
/// <param name="Text">The comment.</param>
public sealed record ReviewCommentReport(string Path, int Line, string Text);
