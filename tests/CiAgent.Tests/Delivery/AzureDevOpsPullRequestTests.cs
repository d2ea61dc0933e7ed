using CiAgent.Kernel;
using CiAgent.Outputs.Delivery;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.Delivery;

public sealed class AzureDevOpsPullRequestTests
{
    private const string RepositoryId = "3b9c1d2e-0000-4000-8000-000000000001";
    private const string PullRequests = $"/contoso/Fabrikam App/_apis/git/repositories/{RepositoryId}/pullrequests";
    private const string Created = """{"pullRequestId":31,"repository":{"name":"widgets","webUrl":"https://dev.example/contoso/Fabrikam%20App/_git/widgets"}}""";

    [Fact]
    public async Task An_azure_devops_pull_request_is_opened_with_the_summary_as_its_description()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(201, Created);
        scenario.OnAzureDevOps(api.BaseUrl);

        var result = await scenario.DeliverAsync(CommitMode.PullRequest, "## Healed\n");

        Assert.Equal(DeliveryOutcome.PullRequestOpened, result.Outcome);
        Assert.Equal("https://dev.example/contoso/Fabrikam%20App/_git/widgets/pullrequest/31", result.PullRequestUrl);
        Assert.Equal(scenario.FixCommit, scenario.OriginBranch("ciagent/heal-77"));
        var request = Assert.Single(api.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(PullRequests, request.Path);
        Assert.Equal("7.1", request.Query["api-version"]);
        Assert.Equal($"Bearer {DeliveryScenario.Token}", request.Header("Authorization"));
        Assert.Equal("refs/heads/ciagent/heal-77", request.Json.GetProperty("sourceRefName").GetString());
        Assert.Equal("refs/heads/main", request.Json.GetProperty("targetRefName").GetString());
        Assert.Equal("Fix CS5001: add an entry point", request.Json.GetProperty("title").GetString());
        Assert.Equal("## Healed\n", request.Json.GetProperty("description").GetString());
        scenario.AssertTokenNotStored();
    }

    [Fact]
    public async Task An_existing_azure_devops_pull_request_is_updated_instead_of_failing()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(409, """{"message":"TF401179: An active pull request for the source and target branch already exists.","typeKey":"GitPullRequestExistsException"}""")
            .Reply(200, """{"value":[{"pullRequestId":12,"repository":{"name":"widgets"}}],"count":1}""")
            .Reply(200, """{"pullRequestId":12,"repository":{"name":"widgets"}}""");
        scenario.OnAzureDevOps(api.BaseUrl);

        var result = await scenario.DeliverAsync(CommitMode.PullRequest, new string('y', 5_000));

        Assert.Equal(DeliveryOutcome.PullRequestUpdated, result.Outcome);
        Assert.Equal($"{api.BaseUrl}/contoso/Fabrikam%20App/_git/widgets/pullrequest/12", result.PullRequestUrl);
        var (find, update) = (api.Requests[1], api.Requests[2]);
        Assert.Equal("GET", find.Method);
        Assert.Equal("refs/heads/ciagent/heal-77", find.Query["searchCriteria.sourceRefName"]);
        Assert.Equal("refs/heads/main", find.Query["searchCriteria.targetRefName"]);
        Assert.Equal("active", find.Query["searchCriteria.status"]);
        Assert.Equal(("PATCH", $"{PullRequests}/12"), (update.Method, update.Path));
        Assert.Equal("7.1", update.Query["api-version"]);

        var description = update.Json.GetProperty("description").GetString()!;
        Assert.True(description.Length <= 4_000, $"description has {description.Length} characters");
        Assert.Contains("_build/results?buildId=77", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unauthorized_azure_devops_token_leaves_a_patch_and_says_how_to_apply_it()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(401, """{"message":"TF400813: The user is not authorized to access this resource."}""");
        scenario.OnAzureDevOps(api.BaseUrl);

        var result = await scenario.DeliverAsync(CommitMode.PullRequest);

        Assert.Equal(DeliveryOutcome.PermissionDenied, result.Outcome);
        Assert.Contains("HTTP 401: TF400813", result.Message, StringComparison.Ordinal);
        Assert.Contains("Contribute to pull requests", result.Message, StringComparison.Ordinal);
        Assert.Contains("git am < fix.patch", result.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(result.PatchPath));
        Assert.DoesNotContain(DeliveryScenario.Token, result.Message, StringComparison.Ordinal);
        scenario.AssertTokenNotStored();
    }

    [Fact]
    public async Task A_sign_in_page_instead_of_an_answer_counts_as_a_refused_token()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(203, "<html>Sign in</html>", "text/html");
        scenario.OnAzureDevOps(api.BaseUrl);

        var result = await scenario.DeliverAsync(CommitMode.PullRequest);

        Assert.Equal(DeliveryOutcome.PermissionDenied, result.Outcome);
        Assert.Contains("sign-in page", result.Message, StringComparison.Ordinal);
    }
}
