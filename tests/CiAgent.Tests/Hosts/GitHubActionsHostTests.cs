using CiAgent.Kernel;
using CiAgent.Outputs.Hosts;
using CiAgent.Outputs.Markdown;
using CiAgent.Outputs.Report;

namespace CiAgent.Tests.Hosts;

public sealed class GitHubActionsHostTests
{
    [Fact]
    public async Task Annotation_text_is_escaped_for_workflow_commands()
    {
        using var runner = SimulatedRunner.GitHub();
        var report = SampleReports.NotHealed(new DiagnosticReport("src/A,b:c.cs", 12, 5, "CS0103", "100% broken\r\nsecond: line, with comma"));

        await Publish(runner, report);

        Assert.Equal(
            ["::error file=src/A%2Cb%3Ac.cs,line=12,col=5,title=CS0103::100%25 broken%0D%0Asecond: line, with comma"],
            runner.ConsoleLines);
    }

    [Fact]
    public void Properties_escape_colons_and_commas_but_messages_keep_them()
    {
        Assert.Equal("50%25 a%3Ab%2Cc%0D%0Ad", WorkflowCommandText.EscapeProperty("50% a:b,c\r\nd"));
        Assert.Equal("50%25 a:b,c%0D%0Ad", WorkflowCommandText.EscapeData("50% a:b,c\r\nd"));
    }

    [Fact]
    public async Task Only_ten_errors_are_annotated_and_the_rest_go_to_the_summary()
    {
        using var runner = SimulatedRunner.GitHub();
        DiagnosticReport[] remaining =
        [
            new("src/First.cs", 50, 1, "CS1002", "; expected"),
            new(null, 0, 0, "CS0246", "The type or namespace name 'Foo' could not be found"),
            .. Enumerable.Range(1, 11).Select(line => new DiagnosticReport("src/Big.cs", line, 9, "CS0103", $"The name 'x{line}' does not exist")),
        ];

        await Publish(runner, SampleReports.NotHealed(remaining));

        // Located errors first, the most frequent code first among them: all ten slots go to CS0103.
        Assert.Equal(
            Enumerable.Range(1, 10).Select(line => $"::error file=src/Big.cs,line={line},col=9,title=CS0103::The name 'x{line}' does not exist"),
            runner.ConsoleLines);
        var summary = runner.StepSummary;
        Assert.Contains("- `CS0103` src/Big.cs:11: The name 'x11' does not exist\n", summary, StringComparison.Ordinal);
        Assert.Contains("- `CS1002` src/First.cs:50: ; expected\n", summary, StringComparison.Ordinal);
        Assert.Contains("- `CS0246`: The type or namespace name 'Foo' could not be found\n", summary, StringComparison.Ordinal);
        Assert.Contains("_The first 10 are annotated in the code; the other 3 are listed here only, because CI shows at most 10 errors per step._", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_use_a_delimiter_for_multi_line_values()
    {
        Assert.Equal("status=healed\n", GitHubOutputFile.Format("status", "healed"));

        // A value that tries to set another output must stay inside its own heredoc.
        var text = GitHubOutputFile.Format("notes", "line one\nhealed=true\r\nline three");

        var lines = text.Split('\n');
        Assert.Matches("^notes<<ghadelimiter_[0-9a-f]{32}$", lines[0]);
        var delimiter = lines[0]["notes<<".Length..];
        Assert.Equal($"notes<<{delimiter}\nline one\nhealed=true\nline three\n{delimiter}\n", text);
        Assert.NotEqual(delimiter, GitHubOutputFile.Format("notes", "a\nb").Split('\n')[0]["notes<<".Length..]);
    }

    [Fact]
    public async Task Outputs_are_appended_with_paths_relative_to_the_checkout()
    {
        using var runner = SimulatedRunner.GitHub();
        var context = Context(runner) with
        {
            ReportPath = Path.Combine(runner.Workspace, ".ciagent", "report.json"),
            PatchPath = Path.Combine(runner.Workspace, ".ciagent", "fix.patch"),
        };

        await new GitHubActionsHost(runner.Environment, runner.Console).PublishAsync(SampleReports.Healed(), context, CancellationToken.None);

        Assert.Equal(
            "status=healed\nhealed=true\nimplemented=false\npull-request-url=https://github.com/o/r/pull/7\nreport-path=.ciagent/report.json\npatch-path=.ciagent/fix.patch\nsarif-path=\ncost-usd=0\n",
            runner.Outputs);
    }

    [Fact]
    public async Task Fixes_become_notices_and_the_summary_charts_each_iteration()
    {
        using var runner = SimulatedRunner.GitHub();
        var context = Context(runner) with
        {
            Diff = "--- a/src/App/Cart.cs\n+++ b/src/App/Cart.cs\n@@ -1 +1,2 @@\n+using System.Text;\n",
        };
        var report = SampleReports.Healed() with { History = [new(0, 2, 0), new(1, 1, 0), new(2, 0, 0)] };

        await new GitHubActionsHost(runner.Environment, runner.Console).PublishAsync(report, context, CancellationToken.None);

        Assert.Equal(["::notice file=src/App/Cart.cs,line=3,title=ciagent fixed CS0246::Added using System.Text;"], runner.ConsoleLines);
        var summary = runner.StepSummary;
        Assert.StartsWith("## CiAgent: healed\n\nThe build and tests pass.\n\n| | before | after |\n|---|---:|---:|\n| build errors | 2 | 0 |\n| failing tests | 0 | 0 |\n", summary, StringComparison.Ordinal);
        Assert.Contains("- `CS0246` src/App/Cart.cs:3: Added using System.Text;\n", summary, StringComparison.Ordinal);
        Assert.Contains("```diff\n--- a/src/App/Cart.cs\n+++ b/src/App/Cart.cs\n@@ -1 +1,2 @@\n+using System.Text;\n```\n", summary, StringComparison.Ordinal);
        Assert.Contains(
            "```mermaid\nxychart-beta\n    title \"Build errors (bars) and failing tests (line) per iteration\"\n    x-axis \"iteration\" [0, 1, 2]\n    y-axis \"count\" 0 --> 2\n    bar [2, 1, 0]\n    line [0, 0, 0]\n```\n",
            summary,
            StringComparison.Ordinal);
        Assert.Contains("Iterations: 2 · model calls: 0 · tokens: 0 in / 0 out · cost: $0 · 0 s\n", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_over_the_cap_loses_its_diff_before_its_lists()
    {
        using var runner = SimulatedRunner.GitHub();
        var report = SampleReports.NotHealed(new DiagnosticReport("src/A.cs", 1, 1, "CS0103", "missing"));
        var context = Context(runner) with
        {
            Diff = string.Concat(Enumerable.Range(0, 5000).Select(i => $"+line {i}\n")),
            PatchPath = ".ciagent/fix.patch",
        };
        var plan = AnnotationPlan.For(report, path => path);

        var summary = SummaryMarkdown.Render(AnnotatedSummary.Content(report, context, plan), SummaryLayout.GitHubStepSummary with { MaxBytes = 4000 });

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(summary) <= 4000);
        Assert.Contains("- `CS0103` src/A.cs:1: missing\n", summary, StringComparison.Ordinal);
        Assert.Contains("+line 0\n", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("+line 4999\n", summary, StringComparison.Ordinal);
        Assert.Contains("The diff is trimmed to fit this summary; the full patch is `.ciagent/fix.patch`.", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_with_too_many_problems_cuts_the_list_and_points_to_the_report()
    {
        using var runner = SimulatedRunner.GitHub();
        var report = SampleReports.NotHealed([.. Enumerable.Range(1, 2000).Select(i => new DiagnosticReport($"src/F{i}.cs", i, 1, "CS0103", new string('x', 200)))]);
        var plan = AnnotationPlan.For(report, path => path);

        var summary = SummaryMarkdown.Render(AnnotatedSummary.Content(report, Context(runner) with { Diff = "+a\n" }, plan), SummaryLayout.GitHubStepSummary with { MaxBytes = 20_000 });

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(summary) <= 20_000);
        Assert.Contains("The diff is too large for this summary; see the patch artifact.", summary, StringComparison.Ordinal);
        Assert.Matches(@"- … and \d+ more \(see report\.json\)\n", summary);
    }

    [Fact]
    public async Task Secrets_are_masked_once_each_and_line_by_line()
    {
        using var runner = SimulatedRunner.GitHub();
        var host = new GitHubActionsHost(runner.Environment, runner.Console);

        host.MaskSecrets(["sk-abc123", "", null, "  "]);
        await host.PublishAsync(SampleReports.Healed() with { Fixes = [] }, Context(runner) with { Secrets = ["sk-abc123", "line1\nline2"] }, CancellationToken.None);

        Assert.Equal(["::add-mask::sk-abc123", "::add-mask::line1%0Aline2", "::add-mask::line1", "::add-mask::line2"], runner.ConsoleLines);
    }

    [Fact]
    public void Groups_fold_log_lines_and_end_once()
    {
        using var runner = SimulatedRunner.GitHub();
        var host = new GitHubActionsHost(runner.Environment, runner.Console);

        var group = host.BeginGroup("dotnet build Bookstore.sln");
        runner.Console.WriteLine("Build succeeded.");
        group.Dispose();
        group.Dispose();

        Assert.Equal(["::group::dotnet build Bookstore.sln", "Build succeeded.", "::endgroup::"], runner.ConsoleLines);
    }

    [Fact]
    public async Task Failing_and_flaky_tests_are_annotated_with_their_names()
    {
        using var runner = SimulatedRunner.GitHub();
        var report = SampleReports.NotHealed() with
        {
            Final = new StateReport { TestsRan = true, FailedTests = 1, Tests = [new TestReport("CartTests.Total_includes_tax", "Assert.Equal() Failure") { File = "tests/CartTests.cs", Line = 42 }] },
            FlakyTests = [new TestReport("CartTests.Sometimes", "timed out")],
        };

        await Publish(runner, report);

        Assert.Equal(
            [
                "::error file=tests/CartTests.cs,line=42,title=Test failed%3A CartTests.Total_includes_tax::Assert.Equal() Failure",
                "::warning title=Flaky test%3A CartTests.Sometimes::timed out",
            ],
            runner.ConsoleLines);
    }

    private static HostPublishContext Context(SimulatedRunner runner) => new()
    {
        WorkspaceRoot = runner.Workspace,
        OutputDirectory = runner.OutputDirectory,
    };

    private static Task Publish(SimulatedRunner runner, RunReport report) =>
        new GitHubActionsHost(runner.Environment, runner.Console).PublishAsync(report, Context(runner), CancellationToken.None);
}
