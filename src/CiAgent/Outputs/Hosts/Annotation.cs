namespace CiAgent.Outputs.Hosts;

/// <summary>How loud an annotation is; each level has its own per-step budget on GitHub.</summary>
internal enum AnnotationLevel
{
    Error,
    Warning,
    Notice,
}

/// <summary>One problem or fix pinned to a place in the code, before it is written in a host's syntax.</summary>
/// <param name="File">Workspace-relative path with forward slashes, or null when unknown.</param>
/// <param name="Code">The compiler code, or "test-failure", "flaky-test" or "fix"; used for ranking and rule ids.</param>
internal sealed record Annotation(AnnotationLevel Level, string? File, int Line, int Column, string Code, string Title, string Message);
