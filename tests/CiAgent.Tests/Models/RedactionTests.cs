using CiAgent.Models.Middleware;
using CiAgent.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CiAgent.Tests.Models;

public sealed class RedactionTests
{
    private const string Secret = "ghp_SuperSecretToken42";

    [Fact]
    public async Task A_secret_in_a_user_message_a_tool_result_and_tool_call_arguments_never_reaches_the_server()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("ok"));
        using var client = new RedactingChatClient(OpenAiTestClients.Adapter(server), [Secret, "short"]);
        var arguments = new Dictionary<string, object?> { ["command"] = $"curl -H 'Authorization: {Secret}'", ["nested"] = new { token = Secret } };
        List<ChatMessage> conversation =
        [
            new(ChatRole.User, $"The build log says token={Secret}; the word short stays."),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "run", arguments)]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", $"echo {Secret}")]),
        ];

        await client.GetResponseAsync(conversation);

        var body = Assert.Single(server.Requests).Body;
        Assert.DoesNotContain(Secret, body);
        Assert.Contains("token=***", body);
        Assert.Contains("echo ***", body);
        Assert.Contains("Authorization: ***", body);
        Assert.Contains("the word short stays", body);

        // The caller's history keeps the real values.
        Assert.Contains(Secret, conversation[0].Text);
        Assert.Contains(Secret, (string)((FunctionCallContent)conversation[1].Contents[0]).Arguments!["command"]!);
        Assert.Equal($"echo {Secret}", ((FunctionResultContent)conversation[2].Contents[0]).Result);
    }
}
