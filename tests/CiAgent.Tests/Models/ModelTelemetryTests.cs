using System.Diagnostics;
using System.Text;
using CiAgent.Models;
using CiAgent.Models.Pipeline;
using CiAgent.Tests.Fakes;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace CiAgent.Tests.Models;

public sealed class ModelTelemetryTests
{
    private const string ApiKey = "sk-telemetry-key-123456";
    private const string Secret = "ghp_TelemetrySecret42";
    private const string Prompt = "Fix the perimeter of the rectangle please";

    [Theory]
    [InlineData("")]
    [InlineData("OTEL_SERVICE_NAME=ci OTEL_EXPORTER_OTLP_HEADERS=a=b")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_SDK_DISABLED=true")]
    public void No_tracer_provider_starts_unless_an_OTLP_endpoint_is_set(string variables)
    {
        var environment = variables.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => (string?)pair[1]);

        Assert.Null(ModelTelemetry.TryStart(environment));
    }

    [Fact]
    public async Task I_can_export_a_trace_of_every_model_call_to_an_OTLP_endpoint_without_messages_or_secrets()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("ok"), FakeOpenAiServer.Text("ok again"));
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = ApiKey, ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl };

        using (var telemetry = ModelTelemetry.TryStart(environment))
        {
            Assert.NotNull(telemetry);
            using var client = ModelClientFactory.Create(new ModelSettings { Provider = "openai", BaseUrl = server.V1Url, Secrets = [Secret] }, environment);
            await client.GetResponseAsync($"{Prompt} token={Secret}");
            await client.GetResponseAsync(Prompt);
        }

        // Disposing the provider flushed the batch: the spans went to the standard OTLP/HTTP traces path.
        Assert.NotEmpty(collector.Exports);
        Assert.All(collector.Exports, export => Assert.Equal("/v1/traces", export.Path));
        var exported = string.Join('\n', collector.Exports.Select(export => Encoding.UTF8.GetString(export.Body)));
        Assert.Contains("chat gpt-4.1-mini", exported);
        Assert.Contains("ciagent", exported);
        Assert.DoesNotContain(Prompt, exported);
        Assert.DoesNotContain("ok again", exported);
        Assert.DoesNotContain(Secret, exported);
        Assert.DoesNotContain(ApiKey, exported);
    }

    [Fact]
    public async Task Each_model_call_is_a_GenAI_span_with_model_and_usage_and_no_message_contents()
    {
        const string Model = "telemetry-probe-model";
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ModelTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("the answer", inputTokens: 42, outputTokens: 7, model: Model));
        using var client = ModelClientFactory.Create(
            new ModelSettings { Provider = "openai", Model = Model, BaseUrl = server.V1Url, Secrets = [Secret] },
            new Dictionary<string, string?> { ["OPENAI_API_KEY"] = ApiKey });

        await client.GetResponseAsync($"{Prompt} token={Secret}", new ChatOptions { Temperature = 0 });
        tracing.ForceFlush();

        // Other tests' model calls may be traced at the same time; this one's is told apart by its model.
        var span = Assert.Single(spans, s => Equals(s.GetTagItem("gen_ai.request.model"), Model));
        Assert.Equal($"chat {Model}", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(42, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens")));
        Assert.Equal(7, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens")));
        Assert.Equal(Model, span.GetTagItem("gen_ai.response.model"));

        var everything = string.Join('\n', span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}")
            .Concat(span.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name}:{tag.Key}={tag.Value}"))));
        Assert.DoesNotContain("gen_ai.input.messages", everything);
        Assert.DoesNotContain("gen_ai.output.messages", everything);
        Assert.DoesNotContain(Prompt, everything);
        Assert.DoesNotContain("the answer", everything);
        Assert.DoesNotContain(Secret, everything);
        Assert.DoesNotContain(ApiKey, everything);
    }

    [Fact]
    public async Task A_model_call_that_fails_for_good_is_one_span_marked_as_an_error()
    {
        const string Model = "telemetry-failing-model";
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ModelTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Error(401, "Incorrect API key provided"));
        using var client = ModelClientFactory.Create(
            new ModelSettings { Provider = "openai", Model = Model, BaseUrl = server.V1Url },
            new Dictionary<string, string?> { ["OPENAI_API_KEY"] = ApiKey });

        await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync(Prompt));
        tracing.ForceFlush();

        var span = Assert.Single(spans, s => Equals(s.GetTagItem("gen_ai.request.model"), Model));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(ModelCallException).FullName, span.GetTagItem("error.type"));
        Assert.DoesNotContain(ApiKey, span.StatusDescription ?? "");
    }
}
