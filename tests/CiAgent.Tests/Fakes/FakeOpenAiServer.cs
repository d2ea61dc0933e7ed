using System.Text.Json;

namespace CiAgent.Tests.Fakes;

/// <summary>A scripted OpenAI chat completions endpoint, answering with and without the /v1 prefix.</summary>
public sealed class FakeOpenAiServer : FakeModelServer
{
    private FakeOpenAiServer()
    {
    }

    /// <summary>The base URL an OpenAI client should use (with /v1, like api.openai.com).</summary>
    public string V1Url => BaseUrl + "/v1";

    /// <inheritdoc />
    protected override IEnumerable<string> Paths => ["/v1/chat/completions", "/chat/completions"];

    /// <summary>Starts a fake with the given script.</summary>
    public static async Task<FakeOpenAiServer> StartAsync(params FakeStep[] script)
    {
        var server = new FakeOpenAiServer();
        await server.StartServerAsync();
        server.Enqueue(script);
        return server;
    }

    /// <inheritdoc />
    public override string? RoleOf(FakeRequest request)
    {
        if (!request.Json.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var system = messages.EnumerateArray().FirstOrDefault(m => m.TryGetProperty("role", out var role) && role.GetString() is "system" or "developer");
        if (system.ValueKind != JsonValueKind.Object || !system.TryGetProperty("content", out var content))
        {
            return null;
        }

        // The SDK sends content as a string or as an array of text parts.
        var text = content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : content.ValueKind == JsonValueKind.Array ? string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var t) ? t.GetString() : "")) : null;
        var firstLine = text?.Split('\n')[0].Trim() ?? "";
        return firstLine.StartsWith("Role: ", StringComparison.Ordinal) ? firstLine[6..].Trim() : null;
    }

    /// <summary>A completion whose assistant message is plain text.</summary>
    public static FakeStep Text(string text, int inputTokens = 10, int outputTokens = 5, string model = "gpt-4.1-mini") =>
        FakeStep.Respond(200, Completion(model, JsonSerializer.Serialize(new { role = "assistant", content = text }), "stop", inputTokens, outputTokens));

    /// <summary>A completion that calls tools; arguments are serialized to JSON.</summary>
    public static FakeStep ToolCalls(params (string Name, object Arguments)[] calls) =>
        RawToolCalls(calls.Select(call => (call.Name, JsonSerializer.Serialize(call.Arguments))).ToArray());

    /// <summary>A completion that calls tools with argument strings sent exactly as given, valid JSON or not.</summary>
    public static FakeStep RawToolCalls(params (string Name, string Arguments)[] calls)
    {
        var toolCalls = calls.Select((call, index) => new
        {
            id = $"call_{index + 1}",
            type = "function",
            function = new { name = call.Name, arguments = call.Arguments },
        });
        var message = JsonSerializer.Serialize(new { role = "assistant", content = (string?)null, tool_calls = toolCalls });
        return FakeStep.Respond(200, Completion("gpt-4.1-mini", message, "tool_calls", 10, 5));
    }

    /// <summary>An error answer in OpenAI's error shape.</summary>
    public static FakeStep Error(int status, string message = "fake error", params (string Name, string Value)[] headers) =>
        FakeStep.Respond(status, JsonSerializer.Serialize(new { error = new { message, type = "fake_error", code = (string?)null } }), headers);

    private static string Completion(string model, string messageJson, string finishReason, int inputTokens, int outputTokens) => $$$"""
        {"id":"chatcmpl-fake","object":"chat.completion","created":1700000000,"model":"{{{model}}}",
         "choices":[{"index":0,"message":{{{messageJson}}},"finish_reason":"{{{finishReason}}}"}],
         "usage":{"prompt_tokens":{{{inputTokens}}},"completion_tokens":{{{outputTokens}}},"total_tokens":{{{inputTokens + outputTokens}}}}}
        """;
}
