namespace CiAgent.Strategies.Roles;

/// <summary>One review comment.</summary>
/// <param name="Path">The file, relative to the workspace.</param>
/// <param name="Line">The line it is about (0 for the whole file).</param>
/// <param name="Text">What should change, and why.</param>
public sealed record ReviewComment(string Path, int Line, string Text);
