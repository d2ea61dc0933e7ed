namespace CiAgent.Workspace;

/// <summary>How a push ended.</summary>
public enum PushOutcome
{
    /// <summary>The remote accepted every ref, or already had them.</summary>
    Pushed,

    /// <summary>The remote has commits the local branch lacks; fetch, integrate and push again.</summary>
    RejectedNonFastForward,

    /// <summary>The remote refused our credentials or our right to write.</summary>
    PermissionDenied,

    /// <summary>The remote refused the ref for another reason, such as a hook or a protected branch.</summary>
    RejectedByRemote,

    /// <summary>The push did not get as far as a verdict: network, missing remote, timeout.</summary>
    Failed,
}

/// <summary>The result of <see cref="GitRepository.PushAsync"/>: the outcome plus git's own report for the log.</summary>
/// <param name="Outcome">How the push ended.</param>
/// <param name="ExitCode">git's exit code.</param>
/// <param name="StandardOutput">git's porcelain report of each ref.</param>
/// <param name="StandardError">git's messages, including any from the remote.</param>
public sealed record PushResult(PushOutcome Outcome, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True when the remote now has what was pushed.</summary>
    public bool Succeeded => Outcome == PushOutcome.Pushed;

    /// <summary>Decides the outcome from what a `git push --porcelain` run printed.</summary>
    internal static PushOutcome Classify(int exitCode, string standardOutput, string standardError)
    {
        if (exitCode == 0)
        {
            return PushOutcome.Pushed;
        }

        var all = standardOutput + "\n" + standardError;

        // Checked before rejections: hosts word a refused write as a rejected ref ("Permission to x denied", "GH006 protected").
        string[] denied =
        [
            "Permission denied", "permission denied", "Permission to ", "The requested URL returned error: 403",
            "Authentication failed", "could not read Username", "terminal prompts disabled", "HTTP Basic: Access denied",
            "not authorized", "insufficient permission",
        ];
        if (denied.Any(d => all.Contains(d, StringComparison.Ordinal)))
        {
            return PushOutcome.PermissionDenied;
        }

        // "fetch first" is how git says non-fast-forward when it does not even have the remote's new commits locally.
        if (all.Contains("(non-fast-forward)", StringComparison.Ordinal)
            || all.Contains("(fetch first)", StringComparison.Ordinal)
            || all.Contains("(stale info)", StringComparison.Ordinal))
        {
            return PushOutcome.RejectedNonFastForward;
        }

        if (all.Contains("[remote rejected]", StringComparison.Ordinal) || all.Contains("[rejected]", StringComparison.Ordinal))
        {
            return PushOutcome.RejectedByRemote;
        }

        return PushOutcome.Failed;
    }
}
