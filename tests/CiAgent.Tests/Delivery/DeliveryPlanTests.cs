using CiAgent.Kernel;
using CiAgent.Outputs.Delivery;

namespace CiAgent.Tests.Delivery;

public sealed class DeliveryPlanTests
{
    [Fact]
    public async Task Push_on_a_detached_head_is_refused_before_any_work()
    {
        using var scenario = DeliveryScenario.Create();
        scenario.Repo.Git("checkout", "-q", "--detach");
        var before = scenario.Repo.Git("status", "--porcelain").Trim();

        var refusal = await Assert.ThrowsAsync<UsageException>(() => scenario.PlanAsync(CommitMode.Push));

        Assert.Equal(
            "--commit push needs a checked-out branch; HEAD is detached (check out the pull request's head branch, e.g. actions/checkout with ref: github.head_ref).",
            refusal.Message);
        Assert.Equal(before, scenario.Repo.Git("status", "--porcelain").Trim());
        Assert.False(Directory.Exists(scenario.Output));
    }

    [Theory]
    [InlineData("github", "GITHUB_TOKEN")]
    [InlineData("azure", "SYSTEM_ACCESSTOKEN")]
    public async Task A_pull_request_without_a_token_is_refused_naming_the_variable(string host, string variable)
    {
        using var scenario = DeliveryScenario.Create();
        _ = host == "github" ? scenario.OnGitHub("http://127.0.0.1:9", token: null) : scenario.OnAzureDevOps("http://127.0.0.1:9", token: null);

        var refusal = await Assert.ThrowsAsync<UsageException>(() => scenario.PlanAsync(CommitMode.PullRequest));

        Assert.StartsWith($"--commit pull-request needs a token in {variable}", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unmapped_azure_pipelines_secret_counts_as_no_token()
    {
        using var scenario = DeliveryScenario.Create();
        scenario.OnAzureDevOps("http://127.0.0.1:9", token: "$(System.AccessToken)");

        var refusal = await Assert.ThrowsAsync<UsageException>(() => scenario.PlanAsync(CommitMode.PullRequest));

        Assert.Contains("SYSTEM_ACCESSTOKEN", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CommitMode.Push, "--commit push")]
    [InlineData(CommitMode.PullRequest, "--commit pull-request")]
    public async Task Pushing_without_an_origin_remote_is_refused(CommitMode mode, string flag)
    {
        using var scenario = DeliveryScenario.Create();
        scenario.OnGitHub("http://127.0.0.1:9");
        scenario.Repo.Git("remote", "remove", "origin");

        var refusal = await Assert.ThrowsAsync<UsageException>(() => scenario.PlanAsync(mode));

        Assert.Equal($"{flag} needs a remote named origin to push to, and this repository has none (see git remote -v).", refusal.Message);
    }

    [Fact]
    public async Task A_pull_request_outside_a_known_ci_host_is_refused()
    {
        using var scenario = DeliveryScenario.Create();

        var refusal = await Assert.ThrowsAsync<UsageException>(() => scenario.PlanAsync(CommitMode.PullRequest));

        Assert.Contains("GITHUB_REPOSITORY", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("SYSTEM_COLLECTIONURI", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_azure_devops_repository_that_is_not_named_is_refused_naming_the_variables()
    {
        using var scenario = DeliveryScenario.Create();
        scenario.OnAzureDevOps("http://127.0.0.1:9");
        scenario.Environment["BUILD_REPOSITORY_ID"] = null;
        scenario.Environment["BUILD_REPOSITORY_NAME"] = null;

        var refusal = await Assert.ThrowsAsync<UsageException>(() => scenario.PlanAsync(CommitMode.PullRequest));

        Assert.Contains("BUILD_REPOSITORY_ID or BUILD_REPOSITORY_NAME", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DeliveryScenario.Token, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pull_request_build_heals_into_the_pull_requests_head_branch()
    {
        using var scenario = DeliveryScenario.Create();
        scenario.OnGitHub("http://127.0.0.1:9");
        scenario.Environment["GITHUB_REF"] = "refs/pull/7/merge";
        scenario.Environment["GITHUB_REF_NAME"] = "7/merge";
        scenario.Environment["GITHUB_HEAD_REF"] = "feature/login";
        scenario.Repo.Git("checkout", "-q", "--detach");

        var plan = await scenario.PlanAsync(CommitMode.PullRequest);

        Assert.Equal("ciagent/heal-42", plan.TargetBranch);
        Assert.Equal("feature/login", plan.BaseBranch);
        Assert.DoesNotContain(DeliveryScenario.Token, plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_run_id_the_heal_branch_is_named_after_the_time()
    {
        using var scenario = DeliveryScenario.Create();
        scenario.OnAzureDevOps("http://127.0.0.1:9");
        scenario.Environment["BUILD_BUILDID"] = null;
        var clock = new FixedClock(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));

        var plan = await DeliveryPlan.PrepareAsync(CommitMode.PullRequest, await scenario.OpenAsync(), n => scenario.Environment.GetValueOrDefault(n), clock);

        Assert.Equal("ciagent/heal-20250304-050607", plan.TargetBranch);
        Assert.Equal("main", plan.BaseBranch);
    }

    [Fact]
    public async Task A_shallow_clone_is_accepted_because_delivery_never_walks_history()
    {
        using var scenario = DeliveryScenario.Create();
        scenario.Repo.Git("push", "-q", "origin", "main");
        var clone = Path.Combine(scenario.Scratch, "shallow");
        scenario.Repo.Git("clone", "-q", "--depth", "1", $"file://{scenario.Origin}", clone);
        scenario.Repo.GitIn(clone, "config", "user.name", "Shallow");
        scenario.Repo.GitIn(clone, "config", "user.email", "shallow@example.com");
        File.AppendAllText(Path.Combine(clone, "src", "App.cs"), "// fixed again\n");
        scenario.Repo.GitIn(clone, "commit", "-q", "-am", "Second fix");
        var git = await scenario.Repo.OpenAsync(clone);

        var plan = await DeliveryPlan.PrepareAsync(CommitMode.Push, git, _ => null);
        using var http = new HttpClient();
        var result = await new Deliverer(git, http).DeliverAsync(plan, "", scenario.Output);

        Assert.True(plan.IsShallow);
        Assert.Equal(DeliveryOutcome.Pushed, result.Outcome);
        Assert.Equal(scenario.Repo.GitIn(clone, "rev-parse", "HEAD").Trim(), scenario.OriginBranch("main"));
        Assert.StartsWith("From ", File.ReadAllText(result.PatchPath!), StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
