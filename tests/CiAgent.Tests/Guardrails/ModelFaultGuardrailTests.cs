using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CiAgent.Tests.EndToEnd;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.Guardrails;

/// <summary>Model endpoints that refuse, stall, break or overwhelm, through the real executable: the right exit code and, unless healed, the tree restored.</summary>
public sealed class ModelFaultGuardrailTests
{
    [Fact]
    public async Task A_429_and_a_503_with_Retry_After_are_waited_out_and_the_heal_goes_on()
    {
        using var repository = await GuardedWorkspace.TypeErrorAsync();
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.Error(429, "slow down", ("Retry-After", "1")),
            FakeOpenAiServer.Error(503, "overloaded", ("Retry-After", "1")),
            GuardedWorkspace.Fix(),
            GuardedWorkspace.Finish());

        var run = await GuardedWorkspace.HealWithModelAsync(repository, server.V1Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("healed", run.Report.GetProperty("status").GetString());
        Assert.Equal(4, server.Requests.Count);
        Assert.Contains("retry 1/4 in 1s after 429", run.Output);
        Assert.Contains("retry 2/4 in 1s after 503", run.Output);
        Assert.Contains(GuardedWorkspace.GoodLine, repository.Read(GuardedWorkspace.RectangleFile));
    }

    [Fact]
    public async Task A_model_endpoint_refusing_connections_is_exit_3_saying_it_could_not_be_reached()
    {
        // One retry shows the failure is retried and then named; the default four would only add backoff waits.
        using var repository = await GuardedWorkspace.TypeErrorAsync(r => r.Write(".ciagent.yml", "limits:\n  requestRetries: 1\n"));
        var before = repository.Fingerprint();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await GuardedWorkspace.HealWithModelAsync(repository, $"http://127.0.0.1:{closedPort}/v1");

        AssertFailedAndRestored(run, repository, before, "could not be reached after 1 retry");
    }

    [Fact]
    public async Task A_response_that_never_ends_is_cut_off_by_the_request_timeout_and_retried()
    {
        using var repository = await GuardedWorkspace.TypeErrorAsync(r => r.Write(".ciagent.yml", "limits:\n  requestTimeoutSeconds: 3\n"));
        await using var server = await FakeOpenAiServer.StartAsync(FakeStep.Hang(), GuardedWorkspace.Fix(), GuardedWorkspace.Finish());
        var clock = Stopwatch.StartNew();

        var run = await GuardedWorkspace.HealWithModelAsync(repository, server.V1Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("retry 1/", run.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(100), $"The stalled request was not cut off at 3 s: the run took {clock.Elapsed.TotalSeconds:0} s.");
    }

    [Fact]
    public async Task A_truncated_JSON_body_is_exit_3_with_the_workspace_restored()
    {
        using var repository = await GuardedWorkspace.TypeErrorAsync(r => r.Write(".ciagent.yml", "limits:\n  requestRetries: 1\n"));
        var before = repository.Fingerprint();
        var half = """{"id":"chatcmpl-fake","object":"chat.completion","created":1700000000,"model":"gpt-4.1-mini","choices":[{"index":0,"message":{"role":"assis""";
        await using var server = await FakeOpenAiServer.StartAsync(FakeStep.Respond(200, half), FakeStep.Respond(200, half));

        var run = await GuardedWorkspace.HealWithModelAsync(repository, server.V1Url);

        // A body cut off in transit is retried like a dropped connection, then named for what it is, not as a parser's exception.
        AssertFailedAndRestored(run, repository, before, "not valid JSON");
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task An_enormous_tool_call_is_handled_and_undone_and_a_403_then_ends_the_run_at_once_with_exit_3()
    {
        using var repository = await GuardedWorkspace.TypeErrorAsync();
        var before = repository.Fingerprint();
        var content = "// " + new string('x', 5 * 1024 * 1024) + "\n";
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("write_file", new { path = "src/Geometry/Huge.cs", content })),
            FakeOpenAiServer.Error(403, "This project does not have access to model gpt-4.1-mini"));

        var run = await GuardedWorkspace.HealWithModelAsync(repository, server.V1Url);

        // The 403 is not retried: the tool call's request and the refused one.
        AssertFailedAndRestored(run, repository, before, "403");
        Assert.Equal(2, server.Requests.Count);
        Assert.False(File.Exists(Path.Combine(repository.Root, "src", "Geometry", "Huge.cs")));
    }

    private static void AssertFailedAndRestored(CiAgentRun run, FixtureRepository repository, IReadOnlyDictionary<string, string> before, string reasonNames)
    {
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("error", run.Report.GetProperty("status").GetString());
        var reason = run.Report.GetProperty("reason").GetString()!;
        Assert.DoesNotContain("\n", reason);
        Assert.Contains(reasonNames, reason);

        Assert.DoesNotContain("internal error", run.Error);
        Assert.Equal(before, repository.Fingerprint());
    }
}
