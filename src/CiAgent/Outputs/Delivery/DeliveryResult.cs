namespace CiAgent.Outputs.Delivery;

/// <summary>How delivering a fix ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>The fix was left uncommitted in the working tree (--commit none); the patch holds it.</summary>
    LeftInWorkingTree,

    /// <summary>The fix was committed locally and not sent anywhere (--commit commit).</summary>
    Committed,

    /// <summary>The fix commit was pushed to the checked-out branch on origin.</summary>
    Pushed,

    /// <summary>A heal branch was pushed and a new pull request opened.</summary>
    PullRequestOpened,

    /// <summary>A heal branch was pushed and the pull request already open from it was updated.</summary>
    PullRequestUpdated,

    /// <summary>The remote refused the push (someone pushed first, or a hook or branch rule); the patch holds the fix.</summary>
    PushRejected,

    /// <summary>The token may not push or open the pull request (read-only token, fork); the patch holds the fix.</summary>
    PermissionDenied,

    /// <summary>The remote or the host's API failed or could not be reached; the patch holds the fix.</summary>
    Failed,
}

/// <summary>What happened to a fix after it was made.</summary>
/// <param name="Outcome">How delivery ended.</param>
/// <param name="PullRequestUrl">The pull request's web address, when one was opened or updated.</param>
/// <param name="PushedBranch">The remote branch that now has the fix, when a push landed.</param>
/// <param name="PatchPath">The full path of fix.patch, when there was anything to write.</param>
/// <param name="Message">One paragraph for the log and the summary; when the fix did not get out, it says how to apply the patch.</param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? PullRequestUrl, string? PushedBranch, string? PatchPath, string Message)
{
    /// <summary>True when the fix got everywhere the chosen mode sends it.</summary>
    public bool Delivered => Outcome is DeliveryOutcome.LeftInWorkingTree or DeliveryOutcome.Committed or DeliveryOutcome.Pushed
        or DeliveryOutcome.PullRequestOpened or DeliveryOutcome.PullRequestUpdated;
}
