using System.Net;
using System.Net.Http.Headers;

namespace CiAgent.Outputs.Delivery;

/// <summary>Opens and refreshes pull requests through GitHub's REST API.</summary>
internal sealed class GitHubPullRequests(HttpClient http, GitHubRepositoryHost host) : IPullRequestApi
{
    private string Pulls => $"{host.ApiUrl}/repos/{Uri.EscapeDataString(host.Owner!)}/{Uri.EscapeDataString(host.Repository!)}/pulls";

    /// <inheritdoc />
    public async Task<PullRequestResponse> OpenOrUpdateAsync(PullRequestDraft draft, CancellationToken cancellationToken)
    {
        var body = PullRequestBody.Fit(draft.Body, PullRequestBody.GitHubLimit, draft.ReportLocation);

        // maintainer_can_modify lets the repository's maintainers push follow-ups to the heal branch.
        var created = await SendAsync(HttpMethod.Post, Pulls, new GitHubNewPull(draft.Title, draft.HeadBranch, draft.BaseBranch, body, true), GitHubJson.Default.GitHubNewPull, cancellationToken)
            .ConfigureAwait(false);
        if (created.Status == HttpStatusCode.Created)
        {
            return new PullRequestResponse(PullRequestOutcome.Opened, created.Read(GitHubJson.Default.GitHubPull)?.HtmlUrl, null);
        }

        if (created.Status == HttpStatusCode.UnprocessableEntity && created.Body.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            return await UpdateExistingAsync(draft, body, cancellationToken).ConfigureAwait(false);
        }

        return Failure(created);
    }

    /// <inheritdoc />
    public async Task<PullRequestResponse> CommentAsync(long number, string body, CancellationToken cancellationToken)
    {
        var url = $"{host.ApiUrl}/repos/{Uri.EscapeDataString(host.Owner!)}/{Uri.EscapeDataString(host.Repository!)}/issues/{number}/comments";
        var text = PullRequestBody.Fit(body, PullRequestBody.GitHubLimit, null);
        var posted = await SendAsync(HttpMethod.Post, url, new GitHubNewComment(text), GitHubJson.Default.GitHubNewComment, cancellationToken).ConfigureAwait(false);
        return posted.Status == HttpStatusCode.Created
            ? new PullRequestResponse(PullRequestOutcome.Opened, posted.Read(GitHubJson.Default.GitHubPull)?.HtmlUrl, null)
            : Failure(posted);
    }

    private async Task<PullRequestResponse> UpdateExistingAsync(PullRequestDraft draft, string body, CancellationToken cancellationToken)
    {
        // GitHub only matches head as "owner:branch"; a bare branch name silently matches nothing.
        var query = $"{Pulls}?head={Uri.EscapeDataString($"{host.Owner}:{draft.HeadBranch}")}&state=open";
        var listed = await SendAsync<GitHubPull>(HttpMethod.Get, query, null, null, cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            return Failure(listed);
        }

        if (listed.Read(GitHubJson.Default.ListGitHubPull) is not [var existing, ..])
        {
            return new PullRequestResponse(PullRequestOutcome.Failed, null, $"GitHub said a pull request from {draft.HeadBranch} already exists but listed none open.");
        }

        var patched = await SendAsync(HttpMethod.Patch, $"{Pulls}/{existing.Number}", new GitHubPullEdit(draft.Title, body), GitHubJson.Default.GitHubPullEdit, cancellationToken)
            .ConfigureAwait(false);
        return patched.Succeeded
            ? new PullRequestResponse(PullRequestOutcome.Updated, patched.Read(GitHubJson.Default.GitHubPull)?.HtmlUrl ?? existing.HtmlUrl, null)
            : Failure(patched);
    }

    private static PullRequestResponse Failure(RestExchange exchange)
    {
        var error = exchange.Read(GitHubJson.Default.GitHubError);
        var detail = error?.Errors is { Count: > 0 } items
            ? $"{error.Message} ({string.Join("; ", items.Select(i => i.Message ?? i.Code))})"
            : error?.Message;
        var denied = exchange.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return new PullRequestResponse(denied ? PullRequestOutcome.Denied : PullRequestOutcome.Failed, null, exchange.Describe(detail));
    }

    private Task<RestExchange> SendAsync<T>(HttpMethod method, string url, T? body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>? type, CancellationToken cancellationToken) =>
        RestExchange.SendAsync(http, method, url, body, type, request =>
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
            request.Headers.Accept.ParseAdd("application/vnd.github+json");
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");

            // GitHub rejects API calls without a User-Agent.
            request.Headers.UserAgent.ParseAdd($"ciagent/{ToolInfo.Version}");
        }, cancellationToken);
}
