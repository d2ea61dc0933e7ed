using CiAgent.Models;
using CiAgent.Models.Middleware;
using CiAgent.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CiAgent.Tests.Models;

public sealed class UsageTrackingTests
{
    [Fact]
    public async Task Usage_and_cost_accumulate_across_calls()
    {
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.Text("a", inputTokens: 1_000_000, outputTokens: 0),
            FakeOpenAiServer.Text("b", inputTokens: 0, outputTokens: 500_000),
            FakeOpenAiServer.Error(400, "bad"));
        using var client = new UsageTrackingChatClient(OpenAiTestClients.Adapter(server));

        await client.GetResponseAsync("1");
        await client.GetResponseAsync("2");
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("3"));

        // gpt-4.1-mini: $0.40 per 1M input, $1.60 per 1M output.
        Assert.Equal(new ModelUsage(2, 1, 1_000_000, 0, 500_000, 0.40m + 0.80m), client.Snapshot);
    }

    [Fact]
    public void Cached_input_tokens_are_priced_at_the_cached_rate()
    {
        var price = PriceTable.BuiltIn.PriceOf("gpt-4.1-mini");

        Assert.Equal((600_000 * 0.40m + 400_000 * 0.10m + 100_000 * 1.60m) / 1_000_000m, price.CostOf(1_000_000, 400_000, 100_000));
    }

    [Fact]
    public void Prices_match_dated_and_prefixed_names_and_unknown_models_get_the_conservative_default()
    {
        var table = PriceTable.BuiltIn;

        Assert.Equal(new ModelPrice(0.40m, 0.10m, 1.60m), table.PriceOf("gpt-4.1-mini-2025-04-14"));
        Assert.Equal(new ModelPrice(0.40m, 0.10m, 1.60m), table.PriceOf("openai/gpt-4.1-mini"));
        Assert.Equal(new ModelPrice(2.00m, 0.50m, 8.00m), table.PriceOf("gpt-4.1"));
        Assert.Equal(new ModelPrice(3.00m, 0.30m, 15.00m), table.PriceOf("claude-sonnet-4-5-20250929"));
        Assert.Equal(PriceTable.ConservativeDefault, table.PriceOf("llama3.1:8b"));
    }

    [Fact]
    public void An_override_returns_a_new_table_and_leaves_the_original_alone()
    {
        var local = PriceTable.BuiltIn.WithOverride("llama3.1:8b", new ModelPrice(0, 0, 0));

        Assert.Equal(new ModelPrice(0, 0, 0), local.PriceOf("llama3.1:8b"));
        Assert.Equal(PriceTable.ConservativeDefault, PriceTable.BuiltIn.PriceOf("llama3.1:8b"));
    }

    [Fact]
    public async Task Counters_stay_consistent_under_concurrent_calls()
    {
        using var client = new UsageTrackingChatClient(new CannedChatClient(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 2, CachedInputTokenCount = 1 }));

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => client.GetResponseAsync("x"))));

        var usage = client.Snapshot;
        Assert.Equal(200, usage.Calls);
        Assert.Equal(600, usage.InputTokens);
        Assert.Equal(200, usage.CachedInputTokens);
        Assert.Equal(400, usage.OutputTokens);
    }

    private sealed class CannedChatClient(UsageDetails usage) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = usage, ModelId = "gpt-4.1-mini" });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
