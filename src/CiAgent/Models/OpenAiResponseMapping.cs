using System.Text.Json;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using OpenAiFinishReason = OpenAI.Chat.ChatFinishReason;

namespace CiAgent.Models;

/// <summary>Turns the OpenAI SDK's completion into a Microsoft.Extensions.AI response.</summary>
internal static class OpenAiResponseMapping
{
    /// <summary>Maps text, tool calls, finish reason, usage and identifiers, keeping the SDK object as the raw representation.</summary>
    public static ChatResponse ToChatResponse(ChatCompletion completion)
    {
        var contents = new List<AIContent>();
        foreach (var part in completion.Content)
        {
            if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
            {
                contents.Add(new TextContent(part.Text) { RawRepresentation = part });
            }
        }

        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            contents.Add(new TextContent(completion.Refusal));
        }

        foreach (var call in completion.ToolCalls)
        {
            var arguments = call.FunctionArguments?.ToString() ?? string.Empty;

            // A malformed argument string becomes a FunctionCallContent with Exception set, so the loop can tell the model instead of crashing.
            var content = FunctionCallContent.CreateFromParsedArguments(arguments, call.Id, call.FunctionName, ParseArguments);
            content.RawRepresentation = call;
            contents.Add(content);
        }

        var message = new AiChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = completion.Id,
            CreatedAt = completion.CreatedAt,
            RawRepresentation = completion,
        };

        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    private static IDictionary<string, object?>? ParseArguments(string json) =>
        string.IsNullOrWhiteSpace(json)
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions);

    private static AiFinishReason? ToFinishReason(OpenAiFinishReason reason) => reason switch
    {
        OpenAiFinishReason.Stop => AiFinishReason.Stop,
        OpenAiFinishReason.Length => AiFinishReason.Length,
        OpenAiFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        OpenAiFinishReason.ToolCalls or OpenAiFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        _ => null,
    };

    private static UsageDetails? ToUsage(ChatTokenUsage? usage) => usage is null
        ? null
        : new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            TotalTokenCount = usage.TotalTokenCount,
            CachedInputTokenCount = usage.InputTokenDetails?.CachedTokenCount,
            ReasoningTokenCount = usage.OutputTokenDetails?.ReasoningTokenCount,
        };
}
