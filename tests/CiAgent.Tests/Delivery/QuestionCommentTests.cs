using CiAgent.Outputs.Delivery;

namespace CiAgent.Tests.Delivery;

public sealed class QuestionCommentTests
{
    [Fact]
    public async Task Questions_go_to_the_pull_request_of_an_azure_devops_build_as_a_new_active_thread()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(200, """{"id": 5, "status": "active"}""");
        scenario.OnAzureDevOps(api.BaseUrl);
        scenario.Environment["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "31";
        var host = RepositoryHost.FromEnvironment(name => scenario.Environment.GetValueOrDefault(name))!;
        using var http = new HttpClient();

        var number = DiscussionTarget.Find(name => scenario.Environment.GetValueOrDefault(name));
        var said = await host.CommentAsync(http, number!.Value, "1. Should a negative side be refused?", CancellationToken.None);

        Assert.Equal("The questions were posted on #31.", said);
        var request = Assert.Single(api.Requests);
        Assert.Equal(("POST", "/contoso/Fabrikam App/_apis/git/repositories/3b9c1d2e-0000-4000-8000-000000000001/pullrequests/31/threads"), (request.Method, request.Path));
        Assert.Equal("7.1", request.Query["api-version"]);
        Assert.Equal($"Bearer {DeliveryScenario.Token}", request.Header("Authorization"));
        Assert.Equal(1, request.Json.GetProperty("status").GetInt32());
        var comment = Assert.Single(request.Json.GetProperty("comments").EnumerateArray());
        Assert.Equal("1. Should a negative side be refused?", comment.GetProperty("content").GetString());
        Assert.Equal(1, comment.GetProperty("commentType").GetInt32());
    }

    [Fact]
    public async Task A_comment_the_host_refuses_is_one_sentence_with_the_host_s_reason()
    {
        using var scenario = DeliveryScenario.Create();
        await using var api = await FakeRestServer.StartAsync();
        api.Reply(403, """{"message":"Resource not accessible by integration"}""");
        scenario.OnGitHub(api.BaseUrl);
        var host = RepositoryHost.FromEnvironment(name => scenario.Environment.GetValueOrDefault(name))!;
        using var http = new HttpClient();

        var said = await host.CommentAsync(http, 7, "1. Which rounding?", CancellationToken.None);

        Assert.Equal("The questions could not be posted on #7: HTTP 403: Resource not accessible by integration.", said);
    }

    [Fact]
    public void Without_an_issue_or_pull_request_in_the_event_there_is_nothing_to_comment_on()
    {
        var payload = Path.Combine(Directory.CreateTempSubdirectory("ciagent-event-").FullName, "event.json");
        File.WriteAllText(payload, """{"ref": "refs/heads/feature", "commits": []}""");

        Assert.Null(DiscussionTarget.Find(name => name == "GITHUB_EVENT_PATH" ? payload : null));
        Assert.Null(DiscussionTarget.Find(_ => null));
    }
}
