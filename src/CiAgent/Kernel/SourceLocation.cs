namespace CiAgent.Kernel;

/// <summary>A place in the workspace's source that a stack trace passes through.</summary>
/// <param name="File">Full path of the source file.</param>
/// <param name="Line">1-based line number.</param>
public sealed record SourceLocation(string File, int Line);
