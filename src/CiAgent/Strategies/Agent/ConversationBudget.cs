using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Agent;

/// <summary>Keeps a conversation inside a model's input limit by eliding the oldest tool outputs first.</summary>
public static class ConversationBudget
{
    private const string Elided = "[older tool output elided to stay within the model's input limit; call the tool again if you need it]";

    /// <summary>A rough token estimate of the messages (four characters a token).</summary>
    public static int Estimate(IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => m.Contents.Sum(c => c switch
        {
            TextContent text => text.Text.Length,
            FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
            FunctionCallContent call => call.Name.Length + (call.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0),
            _ => 0,
        }) + 16) / 4;

    /// <summary>The messages to send: unchanged when they fit, else a copy with the oldest tool results elided (the caller's list is never changed).</summary>
    public static IReadOnlyList<ChatMessage> Fit(IReadOnlyList<ChatMessage> messages, int? maxInputTokens)
    {
        // Leave room for the tool definitions and the reply.
        var budget = maxInputTokens is { } max ? (int)(max * 0.75) : int.MaxValue;
        if (Estimate(messages) <= budget)
        {
            return messages;
        }

        var copy = messages.Select(m => m.Clone()).ToList();
        foreach (var message in copy.Where(m => m.Role == ChatRole.Tool))
        {
            // Clone is shallow: give the copy its own contents list before changing it.
            message.Contents = [.. message.Contents.Select(c => c is FunctionResultContent result ? new FunctionResultContent(result.CallId, Elided) : c)];
            if (Estimate(copy) <= budget)
            {
                break;
            }
        }

        return copy;
    }
}
