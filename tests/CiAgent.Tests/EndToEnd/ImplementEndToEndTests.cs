using CiAgent.Tests.Fakes;
using static CiAgent.Tests.EndToEnd.ImplementScript;

namespace CiAgent.Tests.EndToEnd;

/// <summary>`ciagent implement` end to end: the real executable, real dotnet and git, and each role scripted on a loopback model server.</summary>
public sealed class ImplementEndToEndTests
{
    [Fact]
    public async Task I_can_implement_a_spec_end_to_end_with_the_tests_and_the_code_in_one_traceable_commit()
    {
        using var repository = await RepositoryAsync();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.EnqueueFor("planner", Plan());
        server.EnqueueFor("tester", Write(TestsPath, RedTests), Finish("Two tests, one per criterion."));
        server.EnqueueFor("coder", Write(CodePath, Code), Finish("Added Square."));
        server.EnqueueFor("reviewer", Review(approved: true));

        var run = await ImplementAsync(repository, server);

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Report;
        Assert.Equal("implement", report.GetProperty("mode").GetString());
        Assert.Equal("implemented", report.GetProperty("status").GetString());
        AssertCriteria(report, redBefore: true, greenAfter: true);
        Assert.Equal(CodePath, report.GetProperty("plan").GetProperty("changes")[0].GetProperty("path").GetString());
        Assert.True(report.GetProperty("review").GetProperty("approved").GetBoolean());
        Assert.Equal(1, report.GetProperty("review").GetProperty("rounds").GetInt32());
        Assert.Equal([("planner", 1), ("tester", 2), ("coder", 2), ("reviewer", 1)], Roles(report));

        await AssertImplementationCommitAsync(repository, reviewRounds: 1);
        Assert.Equal(RedTests, repository.Read(TestsPath));
        Assert.Equal(Code, repository.Read(CodePath));

        // The harness told the tester its tests were red for the right reason, and showed the reviewer the verified diff.
        Assert.Contains("do not compile yet", TesterVerdict(run).GetProperty("verified").GetString());
        var answer = TesterVerdict(run).GetProperty("toolCalls")[0].GetProperty("result").GetString();
        Assert.Contains("are red", answer);
        Assert.DoesNotContain("tests pass", answer);
        Assert.Contains("+public sealed class Square(double side) : Shape", Handoff(server.RequestsFor("reviewer")[0]));
        AssertEveryStepNamesItsRole(run, server, "planner", "tester", "tester", "coder", "coder", "reviewer");
    }

    // The tester's closing step (the third of the run) records the harness's verdict on its tests and what the tester was told.
    private static System.Text.Json.JsonElement TesterVerdict(CiAgentRun run) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllLines(Path.Combine(run.OutputDirectory, "trajectory.jsonl"))[2]).RootElement;
}
