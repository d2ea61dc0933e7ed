namespace CiAgent.Outputs.Delivery;

/// <summary>A pull request to open, or to refresh when one from the same branch is already open.</summary>
/// <param name="HeadBranch">The branch with the fix, as a short name.</param>
/// <param name="BaseBranch">The branch to merge into, as a short name.</param>
/// <param name="Title">The title.</param>
/// <param name="Body">The Markdown description, not yet fitted to the host's limit.</param>
/// <param name="ReportLocation">Where the full report can be read, for the note added when the body is cut; null when unknown.</param>
internal sealed record PullRequestDraft(string HeadBranch, string BaseBranch, string Title, string Body, string? ReportLocation);

/// <summary>How a request to open a pull request ended.</summary>
internal enum PullRequestOutcome
{
    /// <summary>A new pull request was opened.</summary>
    Opened,

    /// <summary>One was already open from the branch; its title and body were replaced.</summary>
    Updated,

    /// <summary>The token may not open pull requests here (401, 403, or Azure DevOps's sign-in page).</summary>
    Denied,

    /// <summary>Anything else: the host failed, answered something unexpected, or could not be reached.</summary>
    Failed,
}

/// <summary>What the host said about a pull request.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Url">The pull request's web address when there is one.</param>
/// <param name="Detail">The host's own words, for the message, when it did not work.</param>
internal sealed record PullRequestResponse(PullRequestOutcome Outcome, string? Url, string? Detail);

/// <summary>A host's REST API for pull requests.</summary>
internal interface IPullRequestApi
{
    /// <summary>Opens the pull request, or updates the open one from the same head branch; never throws for an HTTP failure.</summary>
    Task<PullRequestResponse> OpenOrUpdateAsync(PullRequestDraft draft, CancellationToken cancellationToken);

    /// <summary>Comments on an issue or pull request (a thread on Azure DevOps); never throws for an HTTP failure.</summary>
    Task<PullRequestResponse> CommentAsync(long number, string body, CancellationToken cancellationToken);
}
