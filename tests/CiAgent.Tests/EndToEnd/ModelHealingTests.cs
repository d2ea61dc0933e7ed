using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.EndToEnd;

/// <summary>The model tier, end to end: the real executable, the real OpenAI SDK and our adapter, over HTTP to a scripted fake on loopback.</summary>
public sealed class ModelHealingTests
{
    internal const string ApiKey = "sk-test-0123456789abcdef";
    internal const string BrokenLine = "public override double Perimeter() => Width + Height;";
    internal const string FixedLine = "public override double Perimeter() => 2 * (Width + Height);";

    internal static Task<FixtureRepository> LogicBugAsync() =>
        FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/Rectangle.cs", "public override double Perimeter() => 2 * (Width + Height);", BrokenLine));

    internal static Task<CiAgentRun> HealWithModelAsync(FixtureRepository repository, FakeOpenAiServer server, params string[] extra) =>
        CiAgentExecutable.RunAsync(
            repository.Root,
            new Dictionary<string, string?> { ["OPENAI_API_KEY"] = ApiKey },
            ["heal", "--workspace", repository.Root, "--provider", "openai", "--base-url", server.V1Url, "--model", "gpt-4.1-mini", .. extra.Contains("--flake-reruns") ? Array.Empty<string>() : ["--flake-reruns", "0"], .. extra]);

    [Fact]
    public async Task A_logic_bug_caught_by_a_test_is_healed_by_the_model_in_several_steps_and_committed()
    {
        using var repository = await LogicBugAsync();
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("read_file", new { path = "src/Geometry/Rectangle.cs" })),
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = "src/Geometry/Rectangle.cs", oldText = BrokenLine, newText = FixedLine })),
            FakeOpenAiServer.ToolCalls(("run_tests", new { })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Perimeter counted each side once; it must count both pairs." })));

        var run = await HealWithModelAsync(repository, server, "--commit", "commit");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Report;
        Assert.Equal("healed", report.GetProperty("status").GetString());
        Assert.Equal(4, report.GetProperty("modelCalls").GetInt32());
        // The perimeter test and the table test (which prints perimeters) both fail.
        Assert.Equal(2, report.GetProperty("baseline").GetProperty("failedTests").GetInt32());
        Assert.Equal(0, report.GetProperty("final").GetProperty("failedTests").GetInt32());
        Assert.True(report.GetProperty("usage").GetProperty("inputTokens").GetInt64() > 0);
        Assert.Contains(FixedLine, repository.Read("src/Geometry/Rectangle.cs"));
        Assert.Contains("+    " + FixedLine, await repository.GitAsync("show", "--format=", "HEAD"));

        // The first prompt is the harness's: the failing test, and the code the fix changes.
        var first = server.Requests[0].Body;
        Assert.Contains("A_rectangle_perimeter_goes_all_the_way_round", first);
        Assert.Contains(BrokenLine, first.Replace("\\u003E", ">"));
        Assert.Contains("\"name\":\"replace_in_file\"", first);

        // The tool results went back to the model in the next request.
        Assert.Contains("Width + Height", server.Requests[1].Body);
        var trajectory = File.ReadAllLines(Path.Combine(run.OutputDirectory, "trajectory.jsonl"));
        Assert.Equal(4, trajectory.Length);
        Assert.Contains("\"verified\"", trajectory[3]);

        // The key went only into the Authorization header, never into a body, the report or the trajectory.
        Assert.All(server.Requests, r => Assert.DoesNotContain(ApiKey, r.Body));
        Assert.DoesNotContain(ApiKey, File.ReadAllText(Path.Combine(run.OutputDirectory, "report.json")));
        Assert.DoesNotContain(ApiKey, string.Join('\n', trajectory));
    }

    [Fact]
    public async Task Malformed_arguments_an_unknown_tool_and_a_finish_while_a_test_fails_are_answered_to_the_model_not_thrown()
    {
        using var repository = await LogicBugAsync();
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.RawToolCalls(("read_file", "{\"path\": \"src/Geometry/Rect")),
            FakeOpenAiServer.ToolCalls(("delete_everything", new { })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Looks fine to me." })),
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = "src/Geometry/Rectangle.cs", oldText = BrokenLine, newText = FixedLine })),
            FakeOpenAiServer.ToolCalls(("run_build", new { })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Fixed the perimeter." })));

        var run = await HealWithModelAsync(repository, server);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(6, run.Report.GetProperty("modelCalls").GetInt32());
        Assert.Contains("not valid JSON", server.Requests[1].Body);
        Assert.Contains("delete_everything", server.Requests[2].Body);
        Assert.Contains("There is no tool named", server.Requests[2].Body);
        // The harness judges the claim itself and answers with what still fails.
        Assert.Contains("Not done yet", server.Requests[3].Body);
        Assert.Contains("A_rectangle_perimeter_goes_all_the_way_round", server.Requests[3].Body);
        // run_build builds the edited library alone, and says it built.
        Assert.Contains("Build succeeded", server.Requests[5].Body);
    }
}

public sealed class ModelBudgetTests
{
    [Fact]
    public async Task A_budget_hit_hands_over_the_diagnosis_and_a_partial_patch_and_restores_the_workspace()
    {
        using var repository = await ModelHealingTests.LogicBugAsync();
        var before = repository.Fingerprint();
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = "src/Geometry/Rectangle.cs", oldText = ModelHealingTests.BrokenLine, newText = "public override double Perimeter() => 3 * (Width + Height);" })),
            FakeOpenAiServer.ToolCalls(("run_tests", new { })));

        var run = await ModelHealingTests.HealWithModelAsync(repository, server, "--max-model-calls", "2");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("not-healed", run.Report.GetProperty("status").GetString());
        Assert.Contains("limit of 2 model calls", run.Report.GetProperty("reason").GetString());
        // The diagnosis is handed over: how many tests fail and the first one (TRX order is not fixed, so either may come first).
        Assert.Contains("2 tests fail, first Geometry.Tests.ShapeTests.", run.Report.GetProperty("reason").GetString());
        var patch = File.ReadAllText(Path.Combine(run.OutputDirectory, "partial.patch"));
        Assert.Contains("+    public override double Perimeter() => 3 * (Width + Height);", patch);
        Assert.Equal(before, repository.Fingerprint());
        Assert.Equal(2, server.Requests.Count);
    }
}

public sealed class ModelFaultTests
{
    [Fact]
    public async Task A_500_until_the_configured_retries_run_out_is_exit_3_with_the_workspace_restored()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Replace("src/Geometry/Rectangle.cs", ModelHealingTests.FixedLine, ModelHealingTests.BrokenLine);
            r.Write(".ciagent.yml", "limits:\n  requestRetries: 2\n");
        });
        var before = repository.Fingerprint();
        await using var server = await FakeOpenAiServer.StartAsync(
            [.. Enumerable.Repeat(FakeOpenAiServer.Error(500, "boom", ("Retry-After", "0")), 5)]);

        var run = await ModelHealingTests.HealWithModelAsync(repository, server);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("error", run.Report.GetProperty("status").GetString());
        Assert.Contains("kept failing with 500 after 2 retries", run.Report.GetProperty("reason").GetString());
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(before, repository.Fingerprint());
    }

    [Fact]
    public async Task A_401_is_exit_3_with_one_clear_reason_and_no_retry()
    {
        using var repository = await ModelHealingTests.LogicBugAsync();
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Error(401, "Incorrect API key provided"));

        var run = await ModelHealingTests.HealWithModelAsync(repository, server);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Single(server.Requests);
        var reason = run.Report.GetProperty("reason").GetString()!;
        Assert.Contains("401", reason);
        Assert.Contains("OPENAI_API_KEY", reason);
        Assert.DoesNotContain("\n", reason);
    }

    [Fact]
    public async Task A_missing_key_is_exit_2_naming_the_variable_with_nothing_touched()
    {
        using var repository = await ModelHealingTests.LogicBugAsync();
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--provider", "anthropic");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ANTHROPIC_API_KEY", run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(before, repository.Fingerprint());
    }
}

public sealed class ModelNoProgressTests
{
    [Fact]
    public async Task A_model_that_claims_finish_for_the_same_failure_three_times_is_stopped_without_spending_the_budget()
    {
        using var repository = await ModelHealingTests.LogicBugAsync();
        var before = repository.Fingerprint();
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Looks fine to me." })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "It is fine, really." })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Done." })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Never reached." })));

        var run = await ModelHealingTests.HealWithModelAsync(repository, server, "--max-model-calls", "30");

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = run.Report;
        Assert.Equal("not-healed", report.GetProperty("status").GetString());
        Assert.Equal(3, report.GetProperty("modelCalls").GetInt32());
        Assert.Equal(1, report.GetProperty("noProgressStops").GetInt32());
        Assert.Contains("no progress: finish was refused for the same reason 3 times in a row", report.GetProperty("reason").GetString());
        var steps = File.ReadAllLines(Path.Combine(run.OutputDirectory, "trajectory.jsonl"));
        Assert.Equal(3, steps.Length);
        Assert.Contains("\"stopped\":\"no-progress\"", steps[^1]);
        Assert.Equal(before, repository.Fingerprint());
    }

    [Fact]
    public async Task A_model_that_repeats_the_same_call_and_gets_the_same_answer_three_times_is_stopped()
    {
        using var repository = await ModelHealingTests.LogicBugAsync();
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("read_file", new { path = "src/Geometry/Rectangle.cs" })),
            FakeOpenAiServer.ToolCalls(("read_file", new { path = "src/Geometry/Rectangle.cs" })),
            FakeOpenAiServer.ToolCalls(("read_file", new { path = "src/Geometry/Rectangle.cs" })),
            FakeOpenAiServer.ToolCalls(("read_file", new { path = "src/Geometry/Rectangle.cs" })));

        var run = await ModelHealingTests.HealWithModelAsync(repository, server);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(3, run.Report.GetProperty("modelCalls").GetInt32());
        Assert.Contains("no progress: it called read_file with the same arguments and got the same answer 3 times in a row", run.Report.GetProperty("reason").GetString());
    }
}
