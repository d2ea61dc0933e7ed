using CiAgent.Strategies.Agent;
using Microsoft.Extensions.AI;

namespace CiAgent.Tests.Agent;

public sealed class ConversationBudgetTests
{
    private static List<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You fix builds."),
        new(ChatRole.User, "Fix CS0246."),
        new(ChatRole.Assistant, [new FunctionCallContent("c1", "read_file", new Dictionary<string, object?> { ["path"] = "a.cs" })]),
        new(ChatRole.Tool, [new FunctionResultContent("c1", new string('a', 8000))]),
        new(ChatRole.Assistant, [new FunctionCallContent("c2", "read_file", new Dictionary<string, object?> { ["path"] = "b.cs" })]),
        new(ChatRole.Tool, [new FunctionResultContent("c2", new string('b', 8000))]),
    ];

    [Fact]
    public void A_conversation_that_fits_is_sent_as_it_is()
    {
        var messages = Conversation();

        Assert.Same(messages, ConversationBudget.Fit(messages, maxInputTokens: null));
        Assert.Same(messages, ConversationBudget.Fit(messages, maxInputTokens: 100_000));
    }

    [Fact]
    public void Over_the_limit_the_oldest_tool_output_is_elided_first_and_the_callers_messages_are_untouched()
    {
        var messages = Conversation();

        var fitted = ConversationBudget.Fit(messages, maxInputTokens: 4000);

        var results = fitted.Where(m => m.Role == ChatRole.Tool).Select(m => ((FunctionResultContent)m.Contents[0]).Result?.ToString()).ToList();
        Assert.StartsWith("[older tool output elided", results[0]);
        Assert.Equal(new string('b', 8000), results[1]);
        Assert.True(ConversationBudget.Estimate(fitted) <= 3000, $"estimate {ConversationBudget.Estimate(fitted)}");
        Assert.Equal(new string('a', 8000), ((FunctionResultContent)messages[3].Contents[0]).Result);
        Assert.Equal("c1", ((FunctionResultContent)fitted[3].Contents[0]).CallId);
    }
}
