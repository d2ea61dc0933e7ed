namespace CiAgent.Kernel;

/// <summary>How serious a build diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Fails the build.</summary>
    Error,

    /// <summary>Reported, but does not fail the build.</summary>
    Warning,
}
