namespace CiAgent.Kernel;

/// <summary>One diagnostic printed by MSBuild or a tool it ran (CS, NU, MSB, …).</summary>
/// <param name="File">Full path of the file it points at, or null when it has no location (MSB1009, say).</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">The code, such as CS0246 or NU1101.</param>
/// <param name="Message">The message text without location, code or project suffix.</param>
/// <param name="Project">Full path of the project that reported it, when MSBuild named one.</param>
public sealed record BuildDiagnostic(
    string? File,
    int Line,
    int Column,
    DiagnosticSeverity Severity,
    string Code,
    string Message,
    string? Project)
{
    /// <summary>Formats the diagnostic the way MSBuild prints it, so CI log parsers pick it up.</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var location = File is null ? "ciagent" : Line > 0 ? $"{File}({Line},{Column})" : File;
        return $"{location}: {severity} {Code}: {Message}";
    }
}
