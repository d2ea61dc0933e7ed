namespace CiAgent.Kernel;

/// <summary>A failing or flaky test.</summary>
public sealed record TestReport(string Name, string Message)
{
    /// <summary>Where it failed, relative to the workspace, when known.</summary>
    public string? File { get; init; }

    /// <summary>The line it failed at, when known.</summary>
    public int Line { get; init; }
}
