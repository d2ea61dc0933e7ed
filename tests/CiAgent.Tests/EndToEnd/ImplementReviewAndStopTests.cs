using System.Text;
using CiAgent.Tests.Fakes;
using static CiAgent.Tests.EndToEnd.ImplementScript;

namespace CiAgent.Tests.EndToEnd;

/// <summary>`ciagent implement` end to end when a role's work is sent back, the planner has questions, or the budget runs out.</summary>
public sealed class ImplementReviewAndStopTests
{
    private const string Comment = "Document that the side must not be negative";
    private const string PlainDoc = "/// <summary>A square given by its side.</summary>";
    private const string ReviewedDoc = "/// <summary>A square given by its side, which must not be negative.</summary>";

    [Fact]
    public async Task A_tester_whose_test_passes_a_coder_that_edits_the_locked_test_and_a_rejected_review_each_send_the_work_back_until_it_is_committed()
    {
        using var repository = await RepositoryAsync();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.EnqueueFor("planner", Plan());
        server.EnqueueFor("tester", Write(TestsPath, TestsThatAlreadyPass), Finish(), Write(TestsPath, RedTests), Finish());
        server.EnqueueFor(
            "coder",
            Write(TestsPath, TestsThatAlreadyPass),
            Write(CodePath, Code),
            Finish(),
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = CodePath, oldText = PlainDoc, newText = ReviewedDoc })),
            Finish("Documented the side."));
        server.EnqueueFor("reviewer", Review(approved: false, Comment), Review(approved: true));

        var run = await ImplementAsync(repository, server);

        Assert.True(run.ExitCode == 0, run.ToString());

        // A test that passes before any code is written is sent back to the tester.
        var sentBack = LastToolResult(server.RequestsFor("tester")[2]);
        Assert.Contains("Not done yet", sentBack);
        Assert.Contains("pass before any code is written", sentBack);
        Assert.Contains(AreaTest, sentBack);

        // The coder may not touch the tests the tester wrote.
        var coder = server.RequestsFor("coder");
        Assert.Contains("Role: coder", coder[0].Body);
        var refusal = LastToolResult(coder[1]);
        Assert.Contains("protected", refusal);
        Assert.Contains(TestsPath, refusal);

        // The review's comment goes to a fresh coder: a conversation that starts from the harness's handoff, not from the first coder's messages.
        Assert.DoesNotContain(Comment, Handoff(coder[0]));
        Assert.Contains("Review comments to address", Handoff(coder[3]));
        Assert.Contains($"{CodePath}:4: {Comment}", Handoff(coder[3]));
        Assert.Equal(2, coder[3].Json.GetProperty("messages").GetArrayLength());

        var report = run.Report;
        Assert.Equal("implemented", report.GetProperty("status").GetString());
        AssertCriteria(report, redBefore: true, greenAfter: true);
        var review = report.GetProperty("review");
        Assert.True(review.GetProperty("approved").GetBoolean());
        Assert.Equal(2, review.GetProperty("rounds").GetInt32());
        Assert.Equal([("planner", 1), ("tester", 4), ("coder", 3), ("reviewer", 1), ("coder", 2), ("reviewer", 1)], Roles(report));
        await AssertImplementationCommitAsync(repository, reviewRounds: 2);
        Assert.Contains(ReviewedDoc, repository.Read(CodePath));
        Assert.Equal(Encoding.UTF8.GetBytes(RedTests), File.ReadAllBytes(Path.Combine(repository.Root, TestsPath)));
        Assert.Equal(RedTests, await repository.GitAsync("show", $"HEAD:{TestsPath}"));
        AssertEveryStepNamesItsRole(run, server, "planner", "tester", "tester", "tester", "tester", "coder", "coder", "coder", "reviewer", "coder", "coder", "reviewer");
    }

    [Fact]
    public async Task A_planner_with_questions_stops_the_run_when_asked_to_ask_and_touches_nothing()
    {
        const string Question = "Should a square with a negative side be refused?";
        using var repository = await RepositoryAsync();
        var before = repository.Fingerprint();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.EnqueueFor("planner", Plan(Question));

        var run = await ImplementAsync(repository, server, "--on-ambiguity", "ask");

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = run.Report;
        Assert.Equal("needs-clarification", report.GetProperty("status").GetString());
        Assert.Equal([Question], report.GetProperty("questions").EnumerateArray().Select(q => q.GetString()));
        Assert.Contains(Question, report.GetProperty("reason").GetString());
        Assert.Contains(Question, File.ReadAllText(Path.Combine(run.OutputDirectory, "summary.md")));
        Assert.Equal([("planner", 1)], Roles(report));
        Assert.Single(server.Requests);
        Assert.Equal(before, repository.Fingerprint());
        Assert.Equal("1", (await repository.GitAsync("rev-list", "--count", "HEAD")).Trim());
        Assert.Equal("", await repository.GitAsync("status", "--porcelain"));
    }

    [Fact]
    public async Task A_budget_hit_mid_coder_keeps_a_partial_patch_and_restores_the_workspace_byte_for_byte()
    {
        using var repository = await RepositoryAsync();
        var before = repository.Fingerprint();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.EnqueueFor("planner", Plan());
        server.EnqueueFor("tester", Write(TestsPath, RedTests), Finish());
        server.EnqueueFor("coder", Write(CodePath, Code.Replace("4 * Side", "3 * Side", StringComparison.Ordinal)));

        var run = await ImplementAsync(repository, server, "--max-model-calls", "4");

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = run.Report;
        Assert.Equal("not-implemented", report.GetProperty("status").GetString());
        var reason = report.GetProperty("reason").GetString()!;
        Assert.Contains("coder", reason);
        Assert.Contains("4 model calls", reason);
        AssertCriteria(report, redBefore: true, greenAfter: false);
        Assert.Equal([("planner", 1), ("tester", 2), ("coder", 1)], Roles(report));
        Assert.Equal(4, server.Requests.Count);

        var patch = File.ReadAllText(Path.Combine(run.OutputDirectory, "partial.patch"));
        Assert.Contains("+    public override double Perimeter() => 3 * Side;", patch);
        Assert.Contains("+    public void A_square_has_side_squared_area() => Assert.Equal(4, new Square(2).Area());", patch);
        Assert.Equal(before, repository.Fingerprint());
        Assert.Equal("1", (await repository.GitAsync("rev-list", "--count", "HEAD")).Trim());
        Assert.Equal("", await repository.GitAsync("status", "--porcelain"));
    }
}
