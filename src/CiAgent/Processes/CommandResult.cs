namespace CiAgent.Processes;

/// <summary>What a finished child process left behind.</summary>
/// <param name="ExitCode">The exit code; -1 when the process was killed at its timeout.</param>
/// <param name="StandardOutput">Standard output, cut in the middle when it passed the command's limit.</param>
/// <param name="StandardError">Standard error, cut in the middle when it passed the command's limit.</param>
/// <param name="Duration">Wall time from start to exit.</param>
/// <param name="TimedOut">True when the process tree was killed because the timeout passed.</param>
/// <param name="OutputTruncated">True when either stream was cut.</param>
public sealed record CommandResult(
    int ExitCode,
    string StandardOutput,
    string StandardError,
    TimeSpan Duration,
    bool TimedOut,
    bool OutputTruncated)
{
    /// <summary>True when the process exited by itself with code zero.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>Thrown when a command's program cannot be started at all.</summary>
public sealed class CommandStartException(string message, Exception? inner = null) : Exception(message, inner);
