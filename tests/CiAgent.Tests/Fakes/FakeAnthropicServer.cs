using System.Text.Json;

namespace CiAgent.Tests.Fakes;

/// <summary>A scripted Anthropic Messages endpoint at /v1/messages.</summary>
public sealed class FakeAnthropicServer : FakeModelServer
{
    private FakeAnthropicServer()
    {
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Paths => ["/v1/messages"];

    /// <summary>Starts a fake with the given script.</summary>
    public static async Task<FakeAnthropicServer> StartAsync(params FakeStep[] script)
    {
        var server = new FakeAnthropicServer();
        await server.StartServerAsync();
        server.Enqueue(script);
        return server;
    }

    /// <summary>A message with one text block.</summary>
    public static FakeStep Text(string text, int inputTokens = 12, int outputTokens = 6) =>
        Message([new { type = "text", text }], "end_turn", inputTokens, outputTokens);

    /// <summary>A message whose content is tool_use blocks.</summary>
    public static FakeStep ToolUse(params (string Id, string Name, object Input)[] uses) =>
        Message(uses.Select(use => (object)new { type = "tool_use", id = use.Id, name = use.Name, input = use.Input }).ToArray(), "tool_use", 20, 8);

    /// <summary>An error answer in Anthropic's error shape.</summary>
    public static FakeStep Error(int status, string type, string message, params (string Name, string Value)[] headers) =>
        FakeStep.Respond(status, JsonSerializer.Serialize(new { type = "error", error = new { type, message } }), headers);

    private static FakeStep Message(object[] content, string stopReason, int inputTokens, int outputTokens) =>
        FakeStep.Respond(200, JsonSerializer.Serialize(new
        {
            id = "msg_fake",
            type = "message",
            role = "assistant",
            model = "claude-sonnet-4-5",
            content,
            stop_reason = stopReason,
            stop_sequence = (string?)null,
            usage = new { input_tokens = inputTokens, output_tokens = outputTokens },
        }));
}
