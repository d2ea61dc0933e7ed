namespace CiAgent.Kernel;

/// <summary>The process exit codes ciagent documents and CI scripts rely on.</summary>
public static class ExitCodes
{
    /// <summary>Healed, already green, or only flaky failures.</summary>
    public const int Success = 0;

    /// <summary>Not healed; the workspace was restored to its pre-run state.</summary>
    public const int NotHealed = 1;

    /// <summary>Bad input or configuration; nothing was touched.</summary>
    public const int BadInput = 2;

    /// <summary>Infrastructure failure: model unreachable, git failure, crash.</summary>
    public const int InfrastructureFailure = 3;
}
