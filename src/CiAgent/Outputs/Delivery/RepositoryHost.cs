namespace CiAgent.Outputs.Delivery;

/// <summary>The service that hosts the repository and its pipeline, identified from the CI environment, with the token delivery may use.</summary>
/// <remarks>A class rather than a record so that no generated ToString or equality can ever print the token.</remarks>
public abstract class RepositoryHost
{
    private protected RepositoryHost(string? token, string? runId, string? baseBranch)
    {
        // An unmapped pipeline variable arrives as its own literal text, "$(System.AccessToken)": that is no token at all.
        Token = string.IsNullOrWhiteSpace(token) || token.StartsWith("$(", StringComparison.Ordinal) ? null : token.Trim();
        RunId = string.IsNullOrWhiteSpace(runId) ? null : runId.Trim();
        BaseBranch = string.IsNullOrWhiteSpace(baseBranch) ? null : baseBranch.Trim();
    }

    /// <summary>A short name for messages, such as "GitHub".</summary>
    public abstract string Name { get; }

    /// <summary>The environment variable the token comes from, named in advice when it is missing.</summary>
    public abstract string TokenVariable { get; }

    /// <summary>The pipeline run's id, when the environment gives one.</summary>
    public string? RunId { get; }

    /// <summary>The branch the failing build ran on, as a short name (no refs/heads/), when the environment gives one.</summary>
    public string? BaseBranch { get; }

    /// <summary>The address of the pipeline run's page, where its artifacts are, or null when unknown.</summary>
    public abstract string? RunUrl { get; }

    /// <summary>True when a token was found.</summary>
    public bool HasToken => Token is not null;

    /// <summary>The token; kept internal so it only ever leaves as an HTTP header.</summary>
    internal string? Token { get; }

    /// <summary>The value of the HTTP Authorization header git must send to push with the token, or null without one.</summary>
    internal abstract string? GitAuthorization { get; }

    /// <summary>Creates the REST client that opens pull requests on this host.</summary>
    internal abstract IPullRequestApi CreatePullRequestApi(HttpClient http);

    /// <summary>Comments on issue or pull request <paramref name="number"/>; returns one sentence saying where it went, or why it did not.</summary>
    public async Task<string> CommentAsync(HttpClient http, long number, string body, CancellationToken cancellationToken)
    {
        var answer = await CreatePullRequestApi(http).CommentAsync(number, body, cancellationToken).ConfigureAwait(false);
        return answer.Outcome == PullRequestOutcome.Opened
            ? $"The questions were posted on #{number}{(answer.Url is null ? "" : $" ({answer.Url})")}."
            : $"The questions could not be posted on #{number}: {answer.Detail}.";
    }

    /// <summary>Says why the environment does not identify the repository well enough to open a pull request, or null when it does.</summary>
    internal abstract string? MissingIdentification { get; }

    /// <summary>Identifies the host from the CI environment, or returns null outside GitHub Actions and Azure Pipelines.</summary>
    public static RepositoryHost? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(environment("GITHUB_REPOSITORY")) || IsTrue(environment("GITHUB_ACTIONS")))
        {
            return GitHubRepositoryHost.FromEnvironment(environment);
        }

        if (!string.IsNullOrWhiteSpace(environment("SYSTEM_COLLECTIONURI")) || IsTrue(environment("TF_BUILD")))
        {
            return AzureReposHost.FromEnvironment(environment);
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({(HasToken ? "token present" : "no token")})";

    private protected static string? ShortBranch(string? reference)
    {
        const string heads = "refs/heads/";
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        return reference.StartsWith(heads, StringComparison.Ordinal) ? reference[heads.Length..] : null;
    }

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
