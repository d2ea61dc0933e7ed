using CiAgent.Processes;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.EndToEnd;

public sealed class PushThroughCliTests
{
    [Fact]
    public async Task Commit_push_sends_the_fix_to_the_checked_out_branch_and_writes_the_patch()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));
        var origin = Directory.CreateTempSubdirectory("ciagent-origin-").FullName;
        await new Command("git").WithArguments("init", "--bare", "--quiet", origin).ExecuteAsync();
        await repository.GitAsync("remote", "add", "origin", origin);
        await repository.GitAsync("push", "--quiet", "origin", "main");

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "push", "--no-tests");

        Assert.True(run.ExitCode == 0, run.ToString());
        var commit = run.Report.GetProperty("commit").GetString();
        var remoteHead = await new Command("git").WithArguments("--git-dir", origin, "rev-parse", "main").ExecuteAsync();
        Assert.Equal(commit, remoteHead.StandardOutput.Trim());
        var patch = File.ReadAllText(Path.Combine(run.OutputDirectory, "fix.patch"));
        Assert.Contains("+using System.Text;", patch);
        Assert.Contains("Subject: [PATCH] ciagent: fix CS0246 in ShapeTable.cs", patch);
    }

    [Fact]
    public async Task Commit_push_on_a_detached_head_is_refused_before_any_work()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));
        await repository.GitAsync("checkout", "--quiet", "--detach");
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "push");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("ciagent: error: --commit push needs a checked-out branch; HEAD is detached", run.Error.Trim());
        Assert.Equal(before, repository.Fingerprint());
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
            r.Write("tests/Geometry.Tests/ClockTests.cs", """
                namespace Geometry.Tests;

                public class ClockTests
                {
                    [Fact]
                    public void The_clock_answers_in_time()
                    {
                        var marker = Path.Combine(AppContext.BaseDirectory, "clock.marker");
                        if (!File.Exists(marker))
                        {
                            File.WriteAllText(marker, "seen");
                            Assert.Fail("The clock did not answer within 200 ms.");
                        }
                    }
                }
                """);
        });
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = "src/Geometry/Rectangle.cs", oldText = ModelHealingTests.BrokenLine, newText = ModelHealingTests.FixedLine })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Fixed the perimeter." })));

        var run = await ModelHealingTests.HealWithModelAsync(repository, server, "--flake-reruns", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("healed", run.Report.GetProperty("status").GetString());
        Assert.Equal("Geometry.Tests.ClockTests.The_clock_answers_in_time", Assert.Single(run.Report.GetProperty("flakyTests").EnumerateArray()).GetProperty("name").GetString());
        // The model is told about the real failures only.
        Assert.DoesNotContain("The_clock_answers_in_time", server.Requests[0].Body);
        Assert.Contains("A_rectangle_perimeter_goes_all_the_way_round", server.Requests[0].Body);
    }
}
