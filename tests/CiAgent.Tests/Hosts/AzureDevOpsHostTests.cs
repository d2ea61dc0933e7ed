using CiAgent.Kernel;
using CiAgent.Outputs.Hosts;
using CiAgent.Outputs.Report;

namespace CiAgent.Tests.Hosts;

public sealed class AzureDevOpsHostTests
{
    [Fact]
    public async Task Azure_DevOps_gets_logissue_lines_and_an_uploaded_summary()
    {
        using var runner = SimulatedRunner.Azure();
        var report = SampleReports.NotHealed(new DiagnosticReport("src/A;b].cs", 3, 9, "CS0103", "50% done; see [docs]\nnext")) with
        {
            FlakyTests = [new TestReport("CartTests.Sometimes", "timed out")],
            History = [new(0, 5, 1), new(1, 1, 0)],
        };
        var context = new HostPublishContext
        {
            WorkspaceRoot = runner.Workspace,
            OutputDirectory = runner.OutputDirectory,
            Secrets = ["s3cr3t"],
        };

        await new AzureDevOpsHost(runner.Environment, runner.Console).PublishAsync(report, context, CancellationToken.None);

        var summaryPath = Path.Combine(runner.OutputDirectory, "ciagent-summary.md");
        Assert.Equal(
            [
                "##vso[task.setsecret]s3cr3t",
                "##vso[task.logissue type=error;sourcepath=src/A%3Bb%5D.cs;linenumber=3;columnnumber=9;code=CS0103]50%AZP25 done%3B see [docs%5D%0Anext",
                "##vso[task.logissue type=warning;code=flaky-test]Flaky test: CartTests.Sometimes: timed out",
                $"##vso[task.uploadsummary]{summaryPath}",
                "##vso[task.setvariable variable=status;isOutput=true]not-healed",
                "##vso[task.setvariable variable=healed;isOutput=true]false",
                "##vso[task.setvariable variable=implemented;isOutput=true]false",
                "##vso[task.setvariable variable=pull_request_url;isOutput=true]",
                "##vso[task.setvariable variable=report_path;isOutput=true]",
                "##vso[task.setvariable variable=patch_path;isOutput=true]",
                "##vso[task.setvariable variable=sarif_path;isOutput=true]",
                "##vso[task.setvariable variable=cost_usd;isOutput=true]0.0123",
                "##vso[task.complete result=Failed;]2 build errors remain after 3 iterations.",
            ],
            runner.ConsoleLines);
        var summary = await File.ReadAllTextAsync(summaryPath);
        Assert.StartsWith("## CiAgent: not-healed\n", summary, StringComparison.Ordinal);
        Assert.Contains("| iteration | build errors | failing tests |\n|---:|---:|---:|\n| 0 | 5 | 1 |\n| 1 | 1 | 0 |\n", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("mermaid", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("healed", "Succeeded")]
    [InlineData("already-green", "Succeeded")]
    [InlineData("flaky", "SucceededWithIssues")]
    [InlineData("not-healed", "Failed")]
    [InlineData("error", "Failed")]
    public void The_step_result_follows_the_run_status(string status, string result) =>
        Assert.Equal(result, AzureDevOpsHost.Result(status));

    [Fact]
    public void Percent_is_escaped_before_the_escapes_it_introduces()
    {
        Assert.Equal("%AZP253B %3B %5D %0D%0A", AzureLoggingCommandText.Escape("%3B ; ] \r\n"));
    }

    [Fact]
    public void Groups_use_the_agent_group_syntax()
    {
        using var runner = SimulatedRunner.Azure();
        using (new AzureDevOpsHost(runner.Environment, runner.Console).BeginGroup("dotnet test"))
        {
            runner.Console.WriteLine("Passed!");
        }

        Assert.Equal(["##[group]dotnet test", "Passed!", "##[endgroup]"], runner.ConsoleLines);
    }
}
