using System.Text.Json;
using CiAgent.Models;
using CiAgent.Models.Pipeline;
using CiAgent.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CiAgent.Tests.Models;

public sealed class AnthropicAdapterTests
{
    private static readonly Dictionary<string, string?> Environment = new() { ["ANTHROPIC_API_KEY"] = "sk-ant-test-123456" };

    [Fact]
    public async Task A_tool_use_round_trip_goes_through_the_Messages_API()
    {
        await using var server = await FakeAnthropicServer.StartAsync(
            FakeAnthropicServer.ToolUse(("toolu_1", "read_file", new { path = "a.cs" })),
            FakeAnthropicServer.Text("class A is fine"));
        using var client = ModelClientFactory.Create(
            new ModelSettings { Provider = "anthropic", Model = "claude-sonnet-4-5", BaseUrl = server.BaseUrl, MaxRetries = 0 },
            Environment);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""").RootElement;
        var options = new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("read_file", "Reads a file.", schema)] };
        List<ChatMessage> conversation = [new(ChatRole.System, "You fix builds."), new(ChatRole.User, "Look at a.cs")];

        var first = await client.GetResponseAsync(conversation, options);
        var call = Assert.Single(first.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>());
        conversation.AddRange(first.Messages);
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "class A {}")]));
        var second = await client.GetResponseAsync(conversation, options);

        Assert.Equal("toolu_1", call.CallId);
        Assert.Equal("read_file", call.Name);
        Assert.Equal("a.cs", call.Arguments!["path"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal(20, first.Usage!.InputTokenCount);
        Assert.Equal(8, first.Usage.OutputTokenCount);
        Assert.Equal("class A is fine", second.Text);

        var request = server.Requests[0];
        Assert.Equal("/v1/messages", request.Path);
        // Anthropic SDK 13.x documents ApiKey as sent in Authorization: Bearer, not the older x-api-key header.
        Assert.Equal("Bearer sk-ant-test-123456", request.Headers["Authorization"]);
        Assert.Equal("0", request.Headers["x-stainless-retry-count"]);
        Assert.Equal("claude-sonnet-4-5", request.Json.GetProperty("model").GetString());
        Assert.Equal("read_file", request.Json.GetProperty("tools")[0].GetProperty("name").GetString());

        var sent = server.Requests[1].Json.GetProperty("messages");
        var toolUse = sent[1].GetProperty("content").EnumerateArray().Single(block => block.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("toolu_1", toolUse.GetProperty("id").GetString());
        var toolResult = sent[2].GetProperty("content")[0];
        Assert.Equal("tool_result", toolResult.GetProperty("type").GetString());
        Assert.Equal("toolu_1", toolResult.GetProperty("tool_use_id").GetString());
        Assert.Equal("user", sent[2].GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_Anthropic_429_with_Retry_After_is_retried_after_that_delay()
    {
        await using var server = await FakeAnthropicServer.StartAsync(
            FakeAnthropicServer.Error(429, "rate_limit_error", "slow down", ("retry-after", "3")),
            FakeAnthropicServer.Text("ok"));
        var clock = new InstantTimeProvider();
        var lines = new List<string>();
        using var client = ModelClientFactory.Create(
            new ModelSettings { Provider = "anthropic", BaseUrl = server.BaseUrl, MaxRetries = 2 },
            Environment,
            lines.Add,
            clock);

        var response = await client.GetResponseAsync("hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(3), clock.Delays);
        Assert.Contains(lines, line => line.Contains("retry 1/2 in 3s after 429 Too Many Requests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_Anthropic_401_becomes_a_one_line_ModelCallException()
    {
        await using var server = await FakeAnthropicServer.StartAsync(FakeAnthropicServer.Error(401, "authentication_error", "invalid x-api-key"));
        using var client = ModelClientFactory.Create(new ModelSettings { Provider = "anthropic", BaseUrl = server.BaseUrl }, Environment);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("The model endpoint answered 401 Unauthorized: check ANTHROPIC_API_KEY.", error.Message);
        Assert.Single(server.Requests);
    }
}
