using CiAgent.Kernel;

namespace CiAgent.Outputs.Report;

/// <summary>The result of a run: the report, the exit code it maps to, and the change as a diff when there is one.</summary>
/// <param name="Report">The report, as report.json will hold it.</param>
/// <param name="ExitCode">The documented exit code.</param>
/// <param name="Diff">The verified change as a unified diff, or null.</param>
public sealed record RunResult(RunReport Report, int ExitCode, string? Diff = null)
{
    /// <summary>The result of a run that ended before it could start work (bad input, a crash): an empty report with the reason.</summary>
    public static RunResult Failed(RunStatus status, string reason, string provider, string workspace, string? target, TimeSpan duration) =>
        new(ReportBuilder.Build(status, reason, new RunProgress(), provider, workspace, target, duration), status.ExitCode);
}
