using System.Text;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.EndToEnd;

/// <summary>Tracing through the real executable: on when an OTLP endpoint is set, with a span for the run and one per model call, and no contents.</summary>
public sealed class ModelTracingTests
{
    [Fact]
    public async Task I_can_trace_a_heal_run_and_its_model_calls_by_setting_OTEL_EXPORTER_OTLP_ENDPOINT()
    {
        using var repository = await ModelHealingTests.LogicBugAsync();
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = "src/Geometry/Rectangle.cs", oldText = ModelHealingTests.BrokenLine, newText = ModelHealingTests.FixedLine })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "Perimeter counted each side once." })));

        var run = await CiAgentExecutable.RunAsync(
            repository.Root,
            new Dictionary<string, string?> { ["OPENAI_API_KEY"] = ModelHealingTests.ApiKey, ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl },
            ["heal", "--workspace", repository.Root, "--provider", "openai", "--base-url", server.V1Url, "--model", "gpt-4.1-mini", "--flake-reruns", "0"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var exported = string.Join('\n', collector.Exports.Select(export => Encoding.UTF8.GetString(export.Body)));
        Assert.Contains("ciagent heal", exported);
        Assert.Contains("chat gpt-4.1-mini", exported);

        // Neither the prompt (the failing test's name is in it), nor the model's edit, nor the key.
        Assert.DoesNotContain("A_rectangle_perimeter_goes_all_the_way_round", exported);
        Assert.DoesNotContain("Width + Height", exported);
        Assert.DoesNotContain(ModelHealingTests.ApiKey, exported);
    }
}
