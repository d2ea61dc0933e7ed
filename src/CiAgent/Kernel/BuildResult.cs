namespace CiAgent.Kernel;

/// <summary>What one <c>dotnet build</c> reported.</summary>
/// <param name="Diagnostics">Every distinct error and warning, in the order MSBuild printed them.</param>
/// <param name="ExitCode">The build's exit code (-1 when it was killed at its timeout).</param>
/// <param name="TimedOut">True when the build passed its timeout and was killed.</param>
/// <param name="Duration">Wall time of the build.</param>
/// <param name="Output">The console output, head and tail kept when long.</param>
public sealed record BuildResult(
    IReadOnlyList<BuildDiagnostic> Diagnostics,
    int ExitCode,
    bool TimedOut,
    TimeSpan Duration,
    string Output)
{
    /// <summary>The diagnostics that fail the build.</summary>
    public IReadOnlyList<BuildDiagnostic> Errors => [.. Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];

    /// <summary>True when the build exited with success and reported no error.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut && Errors.Count == 0;
}
