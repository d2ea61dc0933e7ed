using CiAgent.Kernel;
using CiAgent.Outputs.Delivery;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.Delivery;

public sealed class GitHubPullRequestTests
{
    private const string Created = """{"number":5,"html_url":"https://github.example/octo/widgets/pull/5"}""";

    [Fact]
    public async Task A_pull_request_is_opened_with_the_summary_as_its_body()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(201, Created);
        scenario.OnGitHub(api.BaseUrl);

        var result = await scenario.DeliverAsync(CommitMode.PullRequest, "## Healed\n\nCS5001 fixed.\n");

        Assert.Equal(DeliveryOutcome.PullRequestOpened, result.Outcome);
        Assert.Equal("https://github.example/octo/widgets/pull/5", result.PullRequestUrl);
        Assert.Equal("ciagent/heal-42", result.PushedBranch);
        Assert.Equal(scenario.FixCommit, scenario.OriginBranch("ciagent/heal-42"));
        Assert.NotEqual(scenario.FixCommit, scenario.OriginBranch("main"));

        var request = Assert.Single(api.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/repos/octo/widgets/pulls", request.Path);
        Assert.Equal($"Bearer {DeliveryScenario.Token}", request.Header("Authorization"));
        Assert.Equal("application/vnd.github+json", request.Header("Accept"));
        Assert.Equal("2022-11-28", request.Header("X-GitHub-Api-Version"));
        Assert.StartsWith("ciagent/", request.Header("User-Agent"), StringComparison.Ordinal);
        Assert.Equal("Fix CS5001: add an entry point", request.Json.GetProperty("title").GetString());
        Assert.Equal("ciagent/heal-42", request.Json.GetProperty("head").GetString());
        Assert.Equal("main", request.Json.GetProperty("base").GetString());
        Assert.Equal("## Healed\n\nCS5001 fixed.\n", request.Json.GetProperty("body").GetString());
        Assert.True(request.Json.GetProperty("maintainer_can_modify").GetBoolean());
        scenario.AssertTokenNotStored();
    }

    [Fact]
    public async Task An_existing_pull_request_is_updated_instead_of_failing()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(422, """{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for octo:ciagent/heal-42."}]}""")
            .Reply(200, """[{"number":9,"html_url":"https://github.example/octo/widgets/pull/9"}]""")
            .Reply(200, """{"number":9,"html_url":"https://github.example/octo/widgets/pull/9"}""");
        scenario.OnGitHub(api.BaseUrl);

        var result = await scenario.DeliverAsync(CommitMode.PullRequest, "second attempt");

        Assert.Equal(DeliveryOutcome.PullRequestUpdated, result.Outcome);
        Assert.Equal("https://github.example/octo/widgets/pull/9", result.PullRequestUrl);
        var (create, find, update) = (api.Requests[0], api.Requests[1], api.Requests[2]);
        Assert.Equal("POST", create.Method);
        Assert.Equal(("GET", "/repos/octo/widgets/pulls"), (find.Method, find.Path));
        Assert.Equal("octo:ciagent/heal-42", find.Query["head"]);
        Assert.Equal("open", find.Query["state"]);
        Assert.Equal(("PATCH", "/repos/octo/widgets/pulls/9"), (update.Method, update.Path));
        Assert.Equal("second attempt", update.Json.GetProperty("body").GetString());
        Assert.Equal("Fix CS5001: add an entry point", update.Json.GetProperty("title").GetString());
        Assert.All(api.Requests, r => Assert.Equal($"Bearer {DeliveryScenario.Token}", r.Header("Authorization")));
    }

    [Fact]
    public async Task A_forbidden_pull_request_leaves_a_patch_and_says_how_to_apply_it()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(403, """{"message":"GitHub Actions is not permitted to create or approve pull requests."}""");
        scenario.OnGitHub(api.BaseUrl);

        var result = await scenario.DeliverAsync(CommitMode.PullRequest);

        Assert.Equal(DeliveryOutcome.PermissionDenied, result.Outcome);
        Assert.False(result.Delivered);
        Assert.Null(result.PullRequestUrl);
        Assert.Equal("ciagent/heal-42", result.PushedBranch);
        Assert.Contains("HTTP 403: GitHub Actions is not permitted to create or approve pull requests.", result.Message, StringComparison.Ordinal);
        Assert.Contains("pull-requests: write", result.Message, StringComparison.Ordinal);
        Assert.Contains("git am < fix.patch", result.Message, StringComparison.Ordinal);
        Assert.Contains("check out main", result.Message, StringComparison.Ordinal);
        Assert.Contains("Subject: [PATCH] Fix CS5001", File.ReadAllText(result.PatchPath!), StringComparison.Ordinal);
        Assert.DoesNotContain(DeliveryScenario.Token, result.Message, StringComparison.Ordinal);
        scenario.AssertTokenNotStored();
    }

    [Fact]
    public async Task A_rerun_replaces_its_own_heal_branch_on_the_remote()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(201, Created);
        scenario.OnGitHub(api.BaseUrl);

        // The first attempt of run 42 left a branch whose commit is not an ancestor of this attempt's fix.
        scenario.Repo.Git("checkout", "-q", "-b", "first-attempt", "HEAD~1");
        scenario.Repo.Write("src/App.cs", "class App { /* first attempt */ }\n");
        scenario.Repo.Git("commit", "-q", "-am", "First attempt");
        scenario.Repo.Git("push", "-q", "origin", "first-attempt:refs/heads/ciagent/heal-42");
        scenario.Repo.Git("checkout", "-q", "main");

        var result = await scenario.DeliverAsync(CommitMode.PullRequest);

        Assert.Equal(DeliveryOutcome.PullRequestOpened, result.Outcome);
        Assert.Equal(scenario.FixCommit, scenario.OriginBranch("ciagent/heal-42"));
    }

    [Fact]
    public async Task A_long_summary_is_cut_to_githubs_limit_with_a_link_to_the_full_report()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(201, Created);
        scenario.OnGitHub(api.BaseUrl);

        await scenario.DeliverAsync(CommitMode.PullRequest, new string('x', 70_000));

        var body = api.Requests[0].Json.GetProperty("body").GetString()!;
        Assert.True(body.Length <= 65_536, $"body has {body.Length} characters");
        Assert.StartsWith(new string('x', 60_000), body, StringComparison.Ordinal);
        Assert.Contains("https://github.example/octo/widgets/actions/runs/42", body, StringComparison.Ordinal);
    }
}
