using System.Text.Json;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;

namespace CiAgent.Models;

/// <summary>Turns Microsoft.Extensions.AI messages and options into the OpenAI SDK's request types.</summary>
internal static class OpenAiRequestMapping
{
    // M.E.AI's default options indent; argument strings on the wire should be compact like the model's own.
    private static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>Maps a conversation, one M.E.AI message possibly becoming several OpenAI messages (each tool result is its own tool message).</summary>
    public static List<OpenAiChatMessage> ToOpenAiMessages(IEnumerable<AiChatMessage> messages)
    {
        var mapped = new List<OpenAiChatMessage>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                mapped.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.User)
            {
                mapped.Add(new UserChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                mapped.Add(ToAssistantMessage(message));
            }
            else if (message.Role == ChatRole.Tool)
            {
                foreach (var result in message.Contents.OfType<FunctionResultContent>())
                {
                    mapped.Add(new ToolChatMessage(result.CallId, ResultText(result)));
                }
            }
            else
            {
                throw new NotSupportedException($"The OpenAI adapter cannot send a message with role '{message.Role}'.");
            }
        }

        return mapped;
    }

    /// <summary>Builds the per-request options; the caller's ChatOptions is only read.</summary>
    public static ChatCompletionOptions ToOpenAiOptions(ChatOptions? options)
    {
        var mapped = new ChatCompletionOptions();
        if (options is null)
        {
            return mapped;
        }

        mapped.Temperature = options.Temperature;
        mapped.MaxOutputTokenCount = options.MaxOutputTokens;

        if (options.Tools is { Count: > 0 } tools)
        {
            foreach (var function in tools.OfType<AIFunctionDeclaration>())
            {
                mapped.Tools.Add(ChatTool.CreateFunctionTool(
                    function.Name,
                    string.IsNullOrEmpty(function.Description) ? null : function.Description,
                    BinaryData.FromString(function.JsonSchema.GetRawText())));
            }
        }

        mapped.ToolChoice = options.ToolMode switch
        {
            NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
            AutoChatToolMode => ChatToolChoice.CreateAutoChoice(),
            RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
            RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
            _ => null,
        };

        return mapped;
    }

    private static AssistantChatMessage ToAssistantMessage(AiChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(call => ChatToolCall.CreateFunctionToolCall(
                call.CallId,
                call.Name,
                BinaryData.FromString(JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), Compact))))
            .ToList();

        if (calls.Count == 0)
        {
            return new AssistantChatMessage(message.Text);
        }

        // An assistant turn may carry a little prose next to its tool calls; OpenAI keeps both on one message.
        var assistant = new AssistantChatMessage(calls);
        var text = message.Text;
        if (!string.IsNullOrEmpty(text))
        {
            assistant.Content.Add(ChatMessageContentPart.CreateTextPart(text));
        }

        return assistant;
    }

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null when result.Exception is { } error => $"Error: {error.Message}",
        null => string.Empty,
        string text => text,
        JsonElement json when json.ValueKind == JsonValueKind.String => json.GetString() ?? string.Empty,
        JsonElement json => json.GetRawText(),
        var value => JsonSerializer.Serialize(value, Compact.GetTypeInfo(value.GetType())),
    };
}
