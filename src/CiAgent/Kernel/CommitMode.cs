namespace CiAgent.Kernel;

/// <summary>What to do with a successful fix.</summary>
public enum CommitMode
{
    /// <summary>Leave the fix in the working tree.</summary>
    None,

    /// <summary>Commit it on the current branch.</summary>
    Commit,

    /// <summary>Commit it and push the branch.</summary>
    Push,

    /// <summary>Commit it on a new branch and open a pull request.</summary>
    PullRequest,
}
