namespace CiAgent.Kernel;

/// <summary>One way a fix broke the integrity policy, located precisely enough to show in a report.</summary>
/// <param name="Rule">The stable id of the rule that found it, such as removed-test.</param>
/// <param name="Path">The workspace-relative path of the file.</param>
/// <param name="Line">The 1-based line (in the new text, or the old one for something removed); 0 means the whole file.</param>
/// <param name="Message">What changed, in one sentence without the location.</param>
public sealed record PolicyViolation(string Rule, string Path, int Line, string Message)
{
    /// <summary>The violation as "path:line: message", the way compilers report problems.</summary>
    public override string ToString() => Line > 0 ? $"{Path}:{Line}: {Message}" : $"{Path}: {Message}";
}
