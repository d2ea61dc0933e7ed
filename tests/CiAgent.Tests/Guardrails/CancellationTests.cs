using System.Diagnostics;
using CiAgent.Tests.EndToEnd;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.Guardrails;

/// <summary>What CI does when a job is cancelled or times out: a signal to ciagent mid-run. It must restore, report and leave no child behind.</summary>
public sealed class CancellationTests
{
    private static readonly TimeSpan SignalDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SIGTERM_restores_the_workspace_and_reports_cancelled_within_ten_seconds()
    {
        // The build hangs in an Exec, so the signal lands while dotnet build, its MSBuild nodes and a shell are all children of ciagent.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => GuardedWorkspace.AddTarget(r,
            """<Target Name="Hang" BeforeTargets="CoreCompile"><Exec Command="sleep 600" /></Target>"""));
        var before = repository.Fingerprint();
        using var ciagent = CiAgentProcess.Start(repository.Root, null, ["heal", "--workspace", repository.Root, "--provider", "none", .. GuardedWorkspace.Cheap]);

        await ciagent.WaitForLineAsync(line => line.Contains("Baseline: building", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await ciagent.WaitForDescendantAsync(p => p.Name == "sleep", TimeSpan.FromSeconds(90));

        await AssertCancelledCleanlyAsync(ciagent, "TERM", repository, before);
    }

    [Fact]
    public async Task SIGINT_while_the_model_never_answers_restores_the_workspace_and_reports_cancelled()
    {
        using var repository = await GuardedWorkspace.TypeErrorAsync();
        var before = repository.Fingerprint();
        await using var server = await FakeOpenAiServer.StartAsync(FakeStep.Hang());
        using var ciagent = CiAgentProcess.Start(
            repository.Root,
            new Dictionary<string, string?> { ["OPENAI_API_KEY"] = GuardedWorkspace.ApiKey },
            GuardedWorkspace.ModelArguments(repository, server.V1Url));

        var waited = Stopwatch.StartNew();
        while (server.Requests.Count == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), "The model was never called.\n" + string.Join('\n', ciagent.OutputLines));
            await Task.Delay(200);
        }

        await AssertCancelledCleanlyAsync(ciagent, "INT", repository, before);
    }

    private static async Task AssertCancelledCleanlyAsync(CiAgentProcess ciagent, string signal, FixtureRepository repository, IReadOnlyDictionary<string, string> before)
    {
        var children = ProcessTree.DescendantsOf(ciagent.Id);
        var clock = Stopwatch.StartNew();
        await ciagent.SignalAsync(signal);
        var run = await ciagent.WaitForExitAsync(TimeSpan.FromSeconds(60));
        clock.Stop();

        Assert.True(clock.Elapsed < SignalDeadline, $"SIG{signal} took {clock.Elapsed.TotalSeconds:0.0} s to end the run.\n{run}");
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("error", run.Report.GetProperty("status").GetString());
        Assert.Equal("cancelled", run.Report.GetProperty("reason").GetString());
        Assert.True(File.Exists(Path.Combine(run.OutputDirectory, "summary.md")), run.ToString());
        Assert.Equal(before, repository.Fingerprint());
        Assert.Empty(await repository.GitAsync("status", "--porcelain", "--untracked-files=all"));

        // The kill of the process tree is asynchronous for the grandchildren; give the kernel a moment before calling any survivor a leak.
        var survivors = children.Where(ProcessTree.IsAlive).ToList();
        for (var attempt = 0; attempt < 20 && survivors.Count > 0; attempt++)
        {
            await Task.Delay(100);
            survivors = [.. survivors.Where(ProcessTree.IsAlive)];
        }

        Assert.True(survivors.Count == 0, $"Children of ciagent still running after SIG{signal}: {string.Join(", ", survivors)} (of {string.Join(", ", children)})");
    }
}
