using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.EndToEnd;

public sealed class FlakyTestTests
{
    [Fact]
    public async Task A_test_that_fails_only_on_its_first_run_is_reported_as_flaky_and_nothing_is_changed()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Write(FlakyFixture.Path, FlakyFixture.Source));
        var before = repository.Fingerprint();
        var summary = Path.Combine(Path.GetTempPath(), $"ciagent-step-summary-{Guid.NewGuid():N}.md");
        var outputs = Path.Combine(Path.GetTempPath(), $"ciagent-outputs-{Guid.NewGuid():N}.txt");

        var run = await CiAgentExecutable.RunAsync(
            repository.Root,
            new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary, ["GITHUB_OUTPUT"] = outputs },
            "heal", "--workspace", repository.Root, "--provider", "none", "--commit", "commit");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("flaky", run.Report.GetProperty("status").GetString());
        var flaky = Assert.Single(run.Report.GetProperty("flakyTests").EnumerateArray());
        Assert.Equal(FlakyFixture.TestName, flaky.GetProperty("name").GetString());
        Assert.Contains(run.Output.Split('\n'), line => line.StartsWith("::warning ", StringComparison.Ordinal) && line.Contains("title=Flaky test%3A Geometry.Tests.ClockTests.The_clock_answers_in_time", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Output.Split('\n'), line => line.StartsWith("::error ", StringComparison.Ordinal));
        Assert.Contains("status=flaky", File.ReadAllText(outputs));
        Assert.Contains("Flaky", File.ReadAllText(summary));
        Assert.Equal(1, int.Parse((await repository.GitAsync("rev-list", "--count", "HEAD")).Trim()));
        Assert.Equal(before, repository.Fingerprint());
    }
}

public sealed class WeakenedAssertionRefusedByPolicyTests
{
    [Fact]
    public async Task Even_with_test_edits_allowed_a_weakened_assertion_is_refused_at_finish_and_the_model_heals_properly()
    {
        using var repository = await ModelHealingTests.LogicBugAsync();
        const string honest = "A_rectangle_perimeter_goes_all_the_way_round() => Assert.Equal(10, new Rectangle(2, 3).Perimeter());";
        const string weakened = "A_rectangle_perimeter_goes_all_the_way_round() => Assert.Equal(5, new Rectangle(2, 3).Perimeter());";
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = "tests/Geometry.Tests/ShapeTests.cs", oldText = honest, newText = weakened })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Updated the expectation." })),
            FakeOpenAiServer.ToolCalls(
                ("replace_in_file", new { path = "tests/Geometry.Tests/ShapeTests.cs", oldText = weakened, newText = honest }),
                ("replace_in_file", new { path = "src/Geometry/Rectangle.cs", oldText = ModelHealingTests.BrokenLine, newText = ModelHealingTests.FixedLine })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Fixed the perimeter instead." })));

        var run = await ModelHealingTests.HealWithModelAsync(repository, server, "--allow-test-edits", "--commit", "commit");

        Assert.True(run.ExitCode == 0, run.ToString());
        var refusal = server.Requests[2].Body;
        Assert.Contains("test-integrity policy refuses", refusal);
        Assert.Contains("weakened-assertion", refusal);
        Assert.Equal(["src/Geometry/Rectangle.cs"], (await repository.GitAsync("show", "--format=", "--name-only", "HEAD")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

public sealed class MixedFlakyAndRealFailureTests
{
    [Fact]
    public async Task A_run_with_a_flake_and_a_real_failure_heals_the_real_one_and_reports_the_flake()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Replace("src/Geometry/Rectangle.cs", ModelHealingTests.FixedLine, ModelHealingTests.BrokenLine);
            r.Write(FlakyFixture.Path, FlakyFixture.Source);
        });
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = "src/Geometry/Rectangle.cs", oldText = ModelHealingTests.BrokenLine, newText = ModelHealingTests.FixedLine })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Fixed the perimeter." })));

        var run = await ModelHealingTests.HealWithModelAsync(repository, server, "--flake-reruns", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("healed", run.Report.GetProperty("status").GetString());
        Assert.Equal(FlakyFixture.TestName, Assert.Single(run.Report.GetProperty("flakyTests").EnumerateArray()).GetProperty("name").GetString());
        // The model is told about the real failures only.
        Assert.DoesNotContain("The_clock_answers_in_time", server.Requests[0].Body);
        Assert.Contains("A_rectangle_perimeter_goes_all_the_way_round", server.Requests[0].Body);
    }
}

public sealed class FlakeAtFinishTests
{
    // Passes on its first run (the baseline), fails on its second (the whole suite at finish) and passes after: a flake met only at the end.
    private const string SecondRunFails = """
        namespace Geometry.Tests;

        public class QueueTests
        {
            [Fact]
            public void The_queue_drains_in_time()
            {
                var counter = Path.Combine(AppContext.BaseDirectory, "queue.runs");
                var runs = File.Exists(counter) ? int.Parse(File.ReadAllText(counter)) : 0;
                File.WriteAllText(counter, (runs + 1).ToString());
                Assert.True(runs != 1, "The queue did not drain within 200 ms.");
            }
        }
        """;

    [Fact]
    public async Task A_test_that_passed_before_and_fails_once_at_finish_is_reported_as_flaky_and_the_heal_stands()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Replace("src/Geometry/Rectangle.cs", ModelHealingTests.FixedLine, ModelHealingTests.BrokenLine);
            r.Write("tests/Geometry.Tests/QueueTests.cs", SecondRunFails);
        });
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = "src/Geometry/Rectangle.cs", oldText = ModelHealingTests.BrokenLine, newText = ModelHealingTests.FixedLine })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Fixed the perimeter." })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Finishing again." })));

        var run = await ModelHealingTests.HealWithModelAsync(repository, server, "--commit", "commit", "--flake-reruns", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("healed", run.Report.GetProperty("status").GetString());
        Assert.Equal("Geometry.Tests.QueueTests.The_queue_drains_in_time", Assert.Single(run.Report.GetProperty("flakyTests").EnumerateArray()).GetProperty("name").GetString());
        // The finish ended the loop: the model was not sent back to fix a test it never touched.
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(["src/Geometry/Rectangle.cs"], (await repository.GitAsync("show", "--format=", "--name-only", "HEAD")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
