namespace CiAgent.Kernel;

/// <summary>How a run ended: a closed set of statuses, each with the name the report uses and the exit code it maps to.</summary>
public sealed class RunStatus
{
    private RunStatus(string name, int exitCode)
    {
        Name = name;
        ExitCode = exitCode;
    }

    /// <summary>The harness's own build and tests are green after the fix.</summary>
    public static RunStatus Healed { get; } = new("healed", ExitCodes.Success);

    /// <summary>Nothing was broken.</summary>
    public static RunStatus AlreadyGreen { get; } = new("already-green", ExitCodes.Success);

    /// <summary>Only flaky tests failed; nothing was changed.</summary>
    public static RunStatus Flaky { get; } = new("flaky", ExitCodes.Success);

    /// <summary>The run could not heal the workspace and restored it.</summary>
    public static RunStatus NotHealed { get; } = new("not-healed", ExitCodes.NotHealed);

    /// <summary>Something outside the workspace failed, or the run was cancelled.</summary>
    public static RunStatus Error { get; } = new("error", ExitCodes.InfrastructureFailure);

    /// <summary>The spec's acceptance tests, written first and red before, pass with the whole suite.</summary>
    public static RunStatus Implemented { get; } = new("implemented", ExitCodes.Success);

    /// <summary>The spec could not be implemented and verified; the workspace was restored.</summary>
    public static RunStatus NotImplemented { get; } = new("not-implemented", ExitCodes.NotHealed);

    /// <summary>The planner had questions and the run was told to ask rather than assume; nothing was changed.</summary>
    public static RunStatus NeedsClarification { get; } = new("needs-clarification", ExitCodes.NotHealed);

    /// <summary>Every status, in a stable order.</summary>
    public static IReadOnlyList<RunStatus> All { get; } = [Healed, AlreadyGreen, Flaky, NotHealed, Implemented, NotImplemented, NeedsClarification, Error];

    /// <summary>The status a report names, or null for a name no run writes.</summary>
    public static RunStatus? FromName(string name) => All.FirstOrDefault(status => status.Name == name);

    /// <summary>The name report.json, outputs and annotations use.</summary>
    public string Name { get; }

    /// <summary>The documented exit code.</summary>
    public int ExitCode { get; }

    /// <summary>True for the statuses that leave the workspace as the run made it (and exit 0).</summary>
    public bool Succeeded => ExitCode == ExitCodes.Success;

    /// <summary>The status name.</summary>
    public override string ToString() => Name;
}
