using CiAgent.Kernel;

namespace CiAgent.Verification;

/// <summary>A build after an edit: of the edited projects and their dependants only, or of the whole target when that was safer.</summary>
/// <param name="Build">What the build reported.</param>
/// <param name="Projects">The projects it was asked to build (with what they reference); empty when it built the whole target.</param>
/// <param name="Why">Why it built what it built, in a few words for the log.</param>
public sealed record AffectedBuild(BuildResult Build, IReadOnlyList<string> Projects, string Why)
{
    /// <summary>True when the whole target was built, so the result stands for the whole workspace.</summary>
    public bool Whole => Projects.Count == 0;

    /// <summary>The whole workspace's state: this build's diagnostics, and the earlier build's for the projects this one did not cover.</summary>
    /// <remarks>Projects outside the scope neither contain an edit nor depend on one, so what the earlier build said of them still holds.</remarks>
    public BuildResult Over(BuildResult earlier)
    {
        if (Whole)
        {
            return Build;
        }

        var kept = earlier.Diagnostics.Where(d => d.Project is not null && !Projects.Contains(d.Project, StringComparer.Ordinal));
        var diagnostics = Build.Diagnostics.Concat(kept).Distinct().ToList();
        var failed = Build.TimedOut || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        return new BuildResult(diagnostics, failed ? Math.Max(1, Build.ExitCode) : 0, Build.TimedOut, Build.Duration, Build.Output);
    }
}
