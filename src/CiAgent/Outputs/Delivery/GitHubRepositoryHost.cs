using System.Text;

namespace CiAgent.Outputs.Delivery;

/// <summary>A repository on GitHub, identified from the variables GitHub Actions sets.</summary>
public sealed class GitHubRepositoryHost : RepositoryHost
{
    /// <summary>The default REST API root when GITHUB_API_URL is not set.</summary>
    public const string DefaultApiUrl = "https://api.github.com";

    private GitHubRepositoryHost(string? repository, string apiUrl, string serverUrl, string? token, string? runId, string? baseBranch)
        : base(token, runId, baseBranch)
    {
        var parts = (repository ?? "").Trim().Split('/');
        if (parts is [{ Length: > 0 } owner, { Length: > 0 } name])
        {
            Owner = owner;
            Repository = name;
        }

        ApiUrl = apiUrl.TrimEnd('/');
        ServerUrl = serverUrl.TrimEnd('/');
    }

    /// <inheritdoc />
    public override string Name => "GitHub";

    /// <inheritdoc />
    public override string TokenVariable => "GITHUB_TOKEN";

    /// <summary>The repository's owner (user or organisation), or null when GITHUB_REPOSITORY is missing or malformed.</summary>
    public string? Owner { get; }

    /// <summary>The repository's name, or null when GITHUB_REPOSITORY is missing or malformed.</summary>
    public string? Repository { get; }

    /// <summary>The REST API root, without a trailing slash.</summary>
    public string ApiUrl { get; }

    /// <summary>The web root, without a trailing slash.</summary>
    public string ServerUrl { get; }

    /// <inheritdoc />
    public override string? RunUrl => Owner is null || RunId is null ? null : $"{ServerUrl}/{Owner}/{Repository}/actions/runs/{RunId}";

    /// <inheritdoc />
    internal override string? GitAuthorization =>
        // GitHub's git endpoint takes an installation or Actions token only as basic credentials with this fixed user name.
        Token is null ? null : "basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{Token}"));

    /// <inheritdoc />
    internal override string? MissingIdentification =>
        Owner is null ? "GITHUB_REPOSITORY must name the repository as owner/name" : null;

    /// <inheritdoc />
    internal override IPullRequestApi CreatePullRequestApi(HttpClient http) => new GitHubPullRequests(http, this);

    /// <summary>Reads GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_TOKEN, GITHUB_RUN_ID and the branch variables.</summary>
    public static new GitHubRepositoryHost FromEnvironment(Func<string, string?> environment)
    {
        var apiUrl = environment("GITHUB_API_URL");
        var serverUrl = environment("GITHUB_SERVER_URL");
        return new GitHubRepositoryHost(
            environment("GITHUB_REPOSITORY"),
            string.IsNullOrWhiteSpace(apiUrl) ? DefaultApiUrl : apiUrl,
            string.IsNullOrWhiteSpace(serverUrl) ? "https://github.com" : serverUrl,
            environment("GITHUB_TOKEN"),
            environment("GITHUB_RUN_ID"),
            BaseBranchFrom(environment));
    }

    private static string? BaseBranchFrom(Func<string, string?> environment)
    {
        // On pull_request events the branch that failed is the PR's head; GITHUB_REF_NAME there is "<n>/merge", not a branch.
        var head = environment("GITHUB_HEAD_REF");
        if (!string.IsNullOrWhiteSpace(head))
        {
            return head;
        }

        var reference = environment("GITHUB_REF");
        if (!string.IsNullOrWhiteSpace(reference))
        {
            return ShortBranch(reference);
        }

        return string.Equals(environment("GITHUB_REF_TYPE"), "tag", StringComparison.Ordinal) ? null : environment("GITHUB_REF_NAME");
    }
}
