using System.Text;
using CiAgent.Kernel;
using CiAgent.Outputs.Delivery;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.Delivery;

public sealed class PushDeliveryTests
{
    [Fact]
    public async Task A_push_lands_the_fix_on_the_checked_out_branch()
    {
        using var scenario = DeliveryScenario.Create();

        var result = await scenario.DeliverAsync(CommitMode.Push);

        Assert.Equal(DeliveryOutcome.Pushed, result.Outcome);
        Assert.True(result.Delivered);
        Assert.Equal("main", result.PushedBranch);
        Assert.Equal(scenario.FixCommit, scenario.OriginBranch("main"));
        Assert.Equal(Path.Combine(scenario.Output, "fix.patch"), result.PatchPath);
        scenario.AssertTokenNotStored();
    }

    [Fact]
    public async Task A_rejected_push_leaves_a_patch_and_says_how_to_apply_it()
    {
        using var scenario = DeliveryScenario.Create();
        var other = Path.Combine(scenario.Scratch, "other");
        scenario.Repo.Git("clone", "-q", scenario.Origin, other);
        File.WriteAllText(Path.Combine(other, "NOTES.md"), "someone else was first\n");
        scenario.Repo.GitIn(other, "add", "NOTES.md");
        scenario.Repo.GitIn(other, "-c", "user.name=Other", "-c", "user.email=o@example.com", "commit", "-q", "-m", "Other change");
        scenario.Repo.GitIn(other, "push", "-q", "origin", "main");
        var theirs = scenario.OriginBranch("main");

        var result = await scenario.DeliverAsync(CommitMode.Push);

        Assert.Equal(DeliveryOutcome.PushRejected, result.Outcome);
        Assert.False(result.Delivered);
        Assert.Null(result.PushedBranch);
        Assert.Equal(theirs, scenario.OriginBranch("main"));
        Assert.Contains("someone pushed first", result.Message, StringComparison.Ordinal);
        Assert.Contains("git am < fix.patch", result.Message, StringComparison.Ordinal);
        Assert.Contains("git apply fix.patch", result.Message, StringComparison.Ordinal);

        // The advice must work: the patch applies as a commit on top of what the other person pushed.
        scenario.Repo.GitIn(other, "pull", "-q", "origin", "main");
        scenario.Repo.GitIn(other, "-c", "user.name=Other", "-c", "user.email=o@example.com", "am", "-q", result.PatchPath!);
        Assert.Equal("Fix CS5001: add an entry point", scenario.Repo.GitIn(other, "log", "-1", "--format=%s").Trim());
        Assert.Equal("class App { static void Main() { } }\n", File.ReadAllText(Path.Combine(other, "src", "App.cs")));
    }

    [Fact]
    public async Task The_token_travels_only_as_a_header_of_that_push()
    {
        using var scenario = DeliveryScenario.Create();
        await using var remote = await FakeRestServer.StartAsync();
        remote.Reply(403, "forbidden", "text/plain");
        scenario.OnGitHub("http://127.0.0.1:9");
        scenario.Repo.Git("remote", "set-url", "origin", $"{remote.BaseUrl}/octo/widgets.git");

        var result = await scenario.DeliverAsync(CommitMode.Push);

        var request = Assert.Single(remote.Requests);
        Assert.Equal("/octo/widgets.git/info/refs", request.Path);
        Assert.Equal("git-receive-pack", request.Query["service"]);
        var expected = "basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{DeliveryScenario.Token}"));
        Assert.Equal(expected, request.Header("Authorization"));
        Assert.Equal(DeliveryOutcome.PermissionDenied, result.Outcome);
        Assert.Contains("read-only token", result.Message, StringComparison.Ordinal);
        Assert.Contains("git am < fix.patch", result.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(result.PatchPath));
        Assert.DoesNotContain(DeliveryScenario.Token, result.Message, StringComparison.Ordinal);
        scenario.AssertTokenNotStored();
    }

    [Fact]
    public async Task A_header_persisted_by_the_checkout_is_replaced_not_doubled()
    {
        using var scenario = DeliveryScenario.Create();
        await using var remote = await FakeRestServer.StartAsync();
        remote.Reply(403, "forbidden", "text/plain");
        scenario.OnAzureDevOps("http://127.0.0.1:9");
        var url = $"{remote.BaseUrl}/contoso/Fabrikam/_git/widgets";
        scenario.Repo.Git("remote", "set-url", "origin", url);

        // What actions/checkout and Azure Pipelines' checkout leave behind: a host-wide header with their own token.
        scenario.Repo.Git("config", $"http.{remote.BaseUrl}/.extraheader", "AUTHORIZATION: bearer checkout-token");

        var result = await scenario.DeliverAsync(CommitMode.Push);

        var request = Assert.Single(remote.Requests);
        Assert.Equal($"bearer {DeliveryScenario.Token}", request.Header("Authorization"));
        Assert.Equal(DeliveryOutcome.PermissionDenied, result.Outcome);
    }

    [Fact]
    public async Task With_commit_none_the_patch_is_the_working_tree_diff()
    {
        using var scenario = DeliveryScenario.Create();
        scenario.Repo.Write("src/App.cs", "class App { static int Main() => 0; }\n");
        scenario.Repo.Write("src/New.cs", "class New { }\n");
        var git = await scenario.OpenAsync();
        var plan = await DeliveryPlan.PrepareAsync(CommitMode.None, git, _ => null);
        using var http = new HttpClient();

        var result = await new Deliverer(git, http).DeliverAsync(plan, "", scenario.Output, ["src/App.cs", "src/New.cs"]);

        Assert.Equal(DeliveryOutcome.LeftInWorkingTree, result.Outcome);
        var patch = File.ReadAllText(result.PatchPath!);
        Assert.Contains("+class App { static int Main() => 0; }", patch, StringComparison.Ordinal);
        Assert.Contains("+++ b/src/New.cs", patch, StringComparison.Ordinal);
        Assert.Contains("?? src/New.cs", scenario.Repo.Git("status", "--porcelain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_commit_commit_the_patch_is_the_fix_commit_and_nothing_is_pushed()
    {
        using var scenario = DeliveryScenario.Create();
        var before = scenario.OriginBranch("main");

        var result = await scenario.DeliverAsync(CommitMode.Commit);

        Assert.Equal(DeliveryOutcome.Committed, result.Outcome);
        Assert.Equal(before, scenario.OriginBranch("main"));
        Assert.Contains("Subject: [PATCH] Fix CS5001: add an entry point", File.ReadAllText(result.PatchPath!), StringComparison.Ordinal);
    }
}
