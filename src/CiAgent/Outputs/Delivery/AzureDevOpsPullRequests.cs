using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;

namespace CiAgent.Outputs.Delivery;

/// <summary>Opens and refreshes pull requests through the Azure DevOps Git REST API, version 7.1.</summary>
internal sealed class AzureDevOpsPullRequests(HttpClient http, AzureReposHost host) : IPullRequestApi
{
    private const string ApiVersion = "api-version=7.1";

    private string PullRequests => $"{host.ProjectUrl}_apis/git/repositories/{Uri.EscapeDataString(host.Repository!)}/pullrequests";

    /// <inheritdoc />
    public async Task<PullRequestResponse> OpenOrUpdateAsync(PullRequestDraft draft, CancellationToken cancellationToken)
    {
        var description = PullRequestBody.Fit(draft.Body, PullRequestBody.AzureDevOpsLimit, draft.ReportLocation);
        var source = $"refs/heads/{draft.HeadBranch}";
        var target = $"refs/heads/{draft.BaseBranch}";
        var created = await SendAsync(HttpMethod.Post, $"{PullRequests}?{ApiVersion}", new AzureNewPullRequest(source, target, draft.Title, description), AzureDevOpsJson.Default.AzureNewPullRequest, cancellationToken)
            .ConfigureAwait(false);
        if (created.Status == HttpStatusCode.Created)
        {
            return new PullRequestResponse(PullRequestOutcome.Opened, WebUrl(created.Read(AzureDevOpsJson.Default.AzurePullRequest)), null);
        }

        // TF401179 is "an active pull request for the source and target branch already exists".
        if (created.Status == HttpStatusCode.Conflict
            && (created.Body.Contains("TF401179", StringComparison.Ordinal) || created.Body.Contains("GitPullRequestExistsException", StringComparison.Ordinal)))
        {
            return await UpdateExistingAsync(draft, source, target, description, cancellationToken).ConfigureAwait(false);
        }

        return Failure(created);
    }

    /// <inheritdoc />
    public async Task<PullRequestResponse> CommentAsync(long number, string body, CancellationToken cancellationToken)
    {
        var thread = new AzureNewThread([new AzureThreadComment(PullRequestBody.Fit(body, PullRequestBody.AzureDevOpsLimit, null), 1)], Status: 1);
        var posted = await SendAsync(HttpMethod.Post, $"{PullRequests}/{number}/threads?{ApiVersion}", thread, AzureDevOpsJson.Default.AzureNewThread, cancellationToken).ConfigureAwait(false);
        return posted.Succeeded && posted.Status != HttpStatusCode.NonAuthoritativeInformation
            ? new PullRequestResponse(PullRequestOutcome.Opened, null, null)
            : Failure(posted);
    }

    private async Task<PullRequestResponse> UpdateExistingAsync(PullRequestDraft draft, string source, string target, string description, CancellationToken cancellationToken)
    {
        var query = $"{PullRequests}?searchCriteria.sourceRefName={Uri.EscapeDataString(source)}&searchCriteria.targetRefName={Uri.EscapeDataString(target)}"
            + $"&searchCriteria.status=active&{ApiVersion}";
        var listed = await SendAsync<AzurePullRequestEdit>(HttpMethod.Get, query, null, null, cancellationToken).ConfigureAwait(false);
        if (!listed.Succeeded || listed.Status == HttpStatusCode.NonAuthoritativeInformation)
        {
            return Failure(listed);
        }

        if (listed.Read(AzureDevOpsJson.Default.AzurePullRequestList)?.Value is not [var existing, ..])
        {
            return new PullRequestResponse(PullRequestOutcome.Failed, null, $"Azure DevOps said a pull request from {draft.HeadBranch} already exists but listed none active.");
        }

        var patched = await SendAsync(HttpMethod.Patch, $"{PullRequests}/{existing.PullRequestId}?{ApiVersion}", new AzurePullRequestEdit(draft.Title, description), AzureDevOpsJson.Default.AzurePullRequestEdit, cancellationToken)
            .ConfigureAwait(false);
        return patched.Succeeded && patched.Status != HttpStatusCode.NonAuthoritativeInformation
            ? new PullRequestResponse(PullRequestOutcome.Updated, WebUrl(patched.Read(AzureDevOpsJson.Default.AzurePullRequest) ?? existing), null)
            : Failure(patched);
    }

    private string? WebUrl(AzurePullRequest? pullRequest)
    {
        if (pullRequest is null)
        {
            return null;
        }

        // The API answers with its own address; people need the web page, which lives under the repository's web address.
        var repository = pullRequest.Repository?.WebUrl?.TrimEnd('/')
            ?? $"{host.ProjectUrl}_git/{Uri.EscapeDataString(pullRequest.Repository?.Name ?? host.Repository!)}";
        return $"{repository}/pullrequest/{pullRequest.PullRequestId}";
    }

    private static PullRequestResponse Failure(RestExchange exchange)
    {
        // A token Azure DevOps does not accept often gets 203 and an HTML sign-in page rather than a 401.
        if (exchange.Status == HttpStatusCode.NonAuthoritativeInformation)
        {
            return new PullRequestResponse(PullRequestOutcome.Denied, null, "HTTP 203: Azure DevOps answered with a sign-in page; the token was not accepted.");
        }

        var denied = exchange.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return new PullRequestResponse(denied ? PullRequestOutcome.Denied : PullRequestOutcome.Failed, null, exchange.Describe(exchange.Read(AzureDevOpsJson.Default.AzureError)?.Message));
    }

    private Task<RestExchange> SendAsync<T>(HttpMethod method, string url, T? body, JsonTypeInfo<T>? type, CancellationToken cancellationToken) =>
        RestExchange.SendAsync(http, method, url, body, type, request =>
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
            request.Headers.Accept.ParseAdd("application/json");
        }, cancellationToken);
}
