namespace CiAgent.Healing;

/// <summary>How a run ended, as the report's status field names it, and the exit code each status maps to.</summary>
public static class RunStatus
{
    /// <summary>The harness's own build and tests are green after the fix.</summary>
    public const string Healed = "healed";

    /// <summary>Nothing was broken.</summary>
    public const string AlreadyGreen = "already-green";

    /// <summary>Only flaky tests failed; nothing was changed.</summary>
    public const string Flaky = "flaky";

    /// <summary>The run could not heal the workspace and restored it.</summary>
    public const string NotHealed = "not-healed";

    /// <summary>Something outside the workspace failed, or the run was cancelled.</summary>
    public const string Error = "error";

    /// <summary>True for the statuses that leave the workspace as the run made it (and exit 0).</summary>
    public static bool Succeeded(string status) => status is Healed or AlreadyGreen or Flaky;

    /// <summary>The documented exit code for a status.</summary>
    public static int ExitCode(string status) => status switch
    {
        Healed or AlreadyGreen or Flaky => ExitCodes.Success,
        NotHealed => ExitCodes.NotHealed,
        _ => ExitCodes.InfrastructureFailure,
    };
}
