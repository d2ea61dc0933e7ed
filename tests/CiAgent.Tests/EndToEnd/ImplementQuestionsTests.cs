using CiAgent.Processes;
using CiAgent.Tests.Delivery;
using CiAgent.Tests.Fakes;
using static CiAgent.Tests.EndToEnd.ImplementScript;

namespace CiAgent.Tests.EndToEnd;

public sealed class ImplementQuestionsTests
{
    [Fact]
    public async Task Questions_in_pull_request_mode_are_posted_on_the_issue_that_asked_for_the_work()
    {
        const string Question = "Should a square with a negative side be refused?";
        using var repository = await RepositoryAsync();
        var origin = Directory.CreateTempSubdirectory("ciagent-origin-").FullName;
        await new ExternalCommand("git").WithArguments("init", "--bare", "--quiet", origin).ExecuteAsync();
        await repository.GitAsync("remote", "add", "origin", origin);
        var before = repository.Fingerprint();
        await using var model = await FakeOpenAiServer.StartAsync();
        model.EnqueueFor("planner", Plan(Question));
        await using var github = await FakeRestServer.StartAsync();
        github.Reply(201, """{"id": 1, "html_url": "https://github.com/octo/geometry/issues/7#issuecomment-1"}""");
        var eventPath = Path.Combine(Directory.CreateTempSubdirectory("ciagent-event-").FullName, "event.json");
        await File.WriteAllTextAsync(eventPath, """{"action": "labeled", "issue": {"number": 7, "title": "Add a Square shape", "body": "See specs/square.md"}}""");
        var output = Path.Combine(Path.GetTempPath(), "ciagent-e2e-out", Guid.NewGuid().ToString("N")[..8]);

        var run = await CiAgentExecutable.RunAsync(
            repository.Root,
            new Dictionary<string, string?>
            {
                ["OPENAI_API_KEY"] = ModelHealingTests.ApiKey,
                ["GITHUB_TOKEN"] = "ghs_fake_token_for_comments",
                ["GITHUB_REPOSITORY"] = "octo/geometry",
                ["GITHUB_API_URL"] = github.BaseUrl,
                ["GITHUB_EVENT_PATH"] = eventPath,
            },
            ["implement", "--workspace", repository.Root, "--spec", SpecPath, "--provider", "openai", "--base-url", model.V1Url, "--model", "gpt-4.1-mini",
                "--commit", "pull-request", "--on-ambiguity", "ask", "--out", output]);

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = File.ReadAllText(Path.Combine(output, "report.json"));
        Assert.Contains("\"status\": \"needs-clarification\"", report, StringComparison.Ordinal);
        var comment = Assert.Single(github.Requests);
        Assert.Equal("POST", comment.Method);
        Assert.Equal("/repos/octo/geometry/issues/7/comments", comment.Path);
        Assert.Contains(Question, comment.Json.GetProperty("body").GetString());
        Assert.Contains("posted on #7", report, StringComparison.Ordinal);
        Assert.Equal(before, repository.Fingerprint());
        Assert.Equal("", (await new ExternalCommand("git").WithArguments("--git-dir", origin, "branch", "--list").ExecuteAsync()).StandardOutput.Trim());
    }
}
