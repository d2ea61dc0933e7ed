using System.Text.Json;
using CiAgent.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CiAgent.Tests.Models;

public sealed class OpenAiAdapterTests
{
    private static readonly JsonElement ReadFileSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""").RootElement;

    [Fact]
    public async Task The_request_carries_system_user_tool_calls_tool_results_and_tool_definitions_on_the_wire()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("done"));
        using var client = OpenAiTestClients.Adapter(server);
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, "You fix builds."),
            new(ChatRole.User, "Fix CS0103 in a.cs"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "read_file", new Dictionary<string, object?> { ["path"] = "a.cs" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "class A {}")]),
        ];
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.CreateDeclaration("read_file", "Reads a file.", ReadFileSchema)],
            Temperature = 0.25f,
            MaxOutputTokens = 500,
            ToolMode = ChatToolMode.Auto,
        };

        await client.GetResponseAsync(conversation, options);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + OpenAiTestClients.ApiKey, request.Headers["Authorization"]);
        JsonAssert.Equivalent(
            """{"temperature":0.25,"messages":[{"role":"system","content":"You fix builds."},{"role":"user","content":"Fix CS0103 in a.cs"},"""
            + """{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"read_file","arguments":"{\"path\":\"a.cs\"}"}}]},"""
            + """{"role":"tool","tool_call_id":"call_1","content":"class A {}"}],"model":"gpt-4.1-mini","max_completion_tokens":500"""
            + ""","tools":[{"type":"function","function":{"description":"Reads a file.","name":"read_file","parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"],"additionalProperties":false}}}],"tool_choice":"auto"}""",
            request.Body);
    }

    [Fact]
    public async Task A_canned_response_with_two_tool_calls_and_cached_usage_maps_to_function_calls_and_usage()
    {
        const string Canned = """
            {"id":"chatcmpl-42","object":"chat.completion","created":1700000000,"model":"gpt-4.1-mini-2025-04-14",
             "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
               "tool_calls":[
                 {"id":"call_a","type":"function","function":{"name":"read_file","arguments":"{\"path\":\"a.cs\"}"}},
                 {"id":"call_b","type":"function","function":{"name":"run_build","arguments":"{\"project\":\"App.csproj\",\"verbose\":true}"}}]}}],
             "usage":{"prompt_tokens":1200,"completion_tokens":40,"total_tokens":1240,
               "prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":0}}}
            """;
        await using var server = await FakeOpenAiServer.StartAsync(FakeStep.Respond(200, Canned));
        using var client = OpenAiTestClients.Adapter(server);

        var response = await client.GetResponseAsync("read it");

        Assert.Equal("chatcmpl-42", response.ResponseId);
        Assert.Equal("gpt-4.1-mini-2025-04-14", response.ModelId);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.IsType<OpenAI.Chat.ChatCompletion>(response.RawRepresentation);
        var calls = response.Messages.Single().Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_a", "call_b"], calls.Select(call => call.CallId));
        Assert.Equal(["read_file", "run_build"], calls.Select(call => call.Name));
        Assert.Equal("a.cs", ((JsonElement)calls[0].Arguments!["path"]!).GetString());
        Assert.Equal("App.csproj", ((JsonElement)calls[1].Arguments!["project"]!).GetString());
        Assert.True(((JsonElement)calls[1].Arguments!["verbose"]!).GetBoolean());
        Assert.All(calls, call => Assert.Null(call.Exception));
        Assert.Equal(1200, response.Usage!.InputTokenCount);
        Assert.Equal(40, response.Usage.OutputTokenCount);
        Assert.Equal(1240, response.Usage.TotalTokenCount);
        Assert.Equal(1024, response.Usage.CachedInputTokenCount);
    }

    [Fact]
    public async Task Malformed_tool_call_arguments_surface_as_a_function_call_with_an_exception()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.RawToolCalls(("write_file", "{\"path\": \"a.cs\", ")));
        using var client = OpenAiTestClients.Adapter(server);

        var response = await client.GetResponseAsync("write it");

        var call = Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal("write_file", call.Name);
        Assert.Equal("call_1", call.CallId);
        Assert.NotNull(call.Exception);
    }

    [Fact]
    public async Task I_can_round_trip_a_tool_call_through_the_OpenAI_adapter()
    {
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("read_file", new { path = "a.cs" })),
            FakeOpenAiServer.Text("The file declares class A."));
        using var client = OpenAiTestClients.Adapter(server);
        var options = new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("read_file", "Reads a file.", ReadFileSchema)] };
        List<ChatMessage> conversation = [new(ChatRole.User, "What is in a.cs?")];

        var first = await client.GetResponseAsync(conversation, options);
        conversation.AddRange(first.Messages);
        var call = Assert.Single(first.Messages.Single().Contents.OfType<FunctionCallContent>());
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "class A {}")]));
        var second = await client.GetResponseAsync(conversation, options);

        Assert.Equal("The file declares class A.", second.Text);
        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        var sent = server.Requests[1].Json.GetProperty("messages");
        JsonAssert.Equivalent("""{"id":"call_1","type":"function","function":{"name":"read_file","arguments":"{\"path\":\"a.cs\"}"}}""", sent[1].GetProperty("tool_calls")[0]);
        JsonAssert.Equivalent("""{"role":"tool","tool_call_id":"call_1","content":"class A {}"}""", sent[2]);
    }

    [Fact]
    public async Task Tool_mode_and_a_per_request_model_reach_the_wire()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("a"), FakeOpenAiServer.Text("b"), FakeOpenAiServer.Text("c"));
        using var client = OpenAiTestClients.Adapter(server);
        var tools = new List<AITool> { AIFunctionFactory.CreateDeclaration("read_file", "Reads a file.", ReadFileSchema) };

        await client.GetResponseAsync("x", new ChatOptions { Tools = tools, ToolMode = ChatToolMode.RequireAny, ModelId = "gpt-4.1" });
        await client.GetResponseAsync("x", new ChatOptions { Tools = tools, ToolMode = ChatToolMode.None });
        await client.GetResponseAsync("x", new ChatOptions { Tools = tools, ToolMode = ChatToolMode.RequireSpecific("read_file") });

        Assert.Equal("gpt-4.1", server.Requests[0].Json.GetProperty("model").GetString());
        Assert.Equal("required", server.Requests[0].Json.GetProperty("tool_choice").GetString());
        Assert.Equal("gpt-4.1-mini", server.Requests[1].Json.GetProperty("model").GetString());
        Assert.Equal("none", server.Requests[1].Json.GetProperty("tool_choice").GetString());
        JsonAssert.Equivalent("""{"type":"function","function":{"name":"read_file"}}""", server.Requests[2].Json.GetProperty("tool_choice"));
    }

    [Fact]
    public async Task The_inner_SDK_client_is_reachable_through_GetService()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var client = OpenAiTestClients.Adapter(server);

        Assert.NotNull(client.GetService<OpenAI.Chat.ChatClient>());
        Assert.Equal("gpt-4.1-mini", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task An_empty_script_answers_500_script_exhausted()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        using var client = OpenAiTestClients.Adapter(server);

        var error = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => client.GetResponseAsync("x"));

        Assert.Equal(500, error.Status);
        Assert.Contains("script exhausted", error.GetRawResponse()!.Content.ToString());
    }
}
