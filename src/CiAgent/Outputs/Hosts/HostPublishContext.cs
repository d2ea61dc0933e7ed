namespace CiAgent.Outputs.Hosts;

/// <summary>What a host needs besides the report to publish a run: where things are and what must stay secret.</summary>
public sealed record HostPublishContext
{
    /// <summary>The healed workspace; report paths are relative to it.</summary>
    public required string WorkspaceRoot { get; init; }

    /// <summary>The run's output folder, where a host may write files it uploads (such as the summary Azure DevOps attaches).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The unified diff of the fix, or null when nothing changed.</summary>
    public string? Diff { get; init; }

    /// <summary>Secret values (API keys, tokens) to mask; empty and whitespace values are ignored.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>The JSON report already written, or null.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The patch file already written, or null.</summary>
    public string? PatchPath { get; init; }

    /// <summary>The SARIF file already written, or null.</summary>
    public string? SarifPath { get; init; }
}
