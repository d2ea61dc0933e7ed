using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace CiAgent.Models.Middleware;

/// <summary>Replaces configured secret values with *** in everything sent to the model, leaving the caller's messages untouched.</summary>
public sealed class RedactingChatClient : DelegatingChatClient
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Values shorter than this are ignored: masking "true" or "main" would garble code, not protect anything.</summary>
    public const int MinimumSecretLength = 6;

    private readonly string[] _secrets;

    /// <summary>Wraps <paramref name="innerClient"/>, redacting the given secret values.</summary>
    public RedactingChatClient(IChatClient innerClient, IEnumerable<string?> secrets)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(secrets);

        // Longest first, so a secret that contains another is masked whole rather than leaving its tail behind.
        _secrets = secrets
            .Where(secret => secret is { Length: >= MinimumSecretLength })
            .Select(secret => secret!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(secret => secret.Length)
            .ToArray();
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Redact(messages), options, cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(Redact(messages), options, cancellationToken);

    /// <summary>Masks every secret in <paramref name="text"/>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    private List<ChatMessage> Redact(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        if (_secrets.Length == 0)
        {
            return list;
        }

        return list.Select(RedactMessage).ToList();
    }

    private ChatMessage RedactMessage(ChatMessage message)
    {
        // Clone so the caller's history keeps the real values (the agent may need them locally) while the wire sees masks.
        var copy = message.Clone();
        copy.Contents = message.Contents.Select(RedactContent).ToList();
        return copy;
    }

    private AIContent RedactContent(AIContent content) => content switch
    {
        TextContent text => new TextContent(Redact(text.Text ?? string.Empty)) { AdditionalProperties = text.AdditionalProperties, RawRepresentation = null },
        FunctionCallContent call => new FunctionCallContent(call.CallId, call.Name, RedactArguments(call.Arguments))
        {
            AdditionalProperties = call.AdditionalProperties,
            Exception = call.Exception,
        },
        FunctionResultContent result => new FunctionResultContent(result.CallId, RedactValue(result.Result))
        {
            AdditionalProperties = result.AdditionalProperties,
            Exception = result.Exception,
        },
        _ => content,
    };

    private Dictionary<string, object?>? RedactArguments(IDictionary<string, object?>? arguments) =>
        arguments?.ToDictionary(pair => pair.Key, pair => RedactValue(pair.Value));

    private object? RedactValue(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return Redact(text);
            case JsonElement json:
                return RedactJson(json);
            case bool or int or long or double or decimal or float:
                return value;
            default:
                // Unknown objects are serialized and masked as JSON so no nested string can slip through.
                var element = JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                return RedactJson(element);
        }
    }

    private JsonElement RedactJson(JsonElement json)
    {
        var raw = json.GetRawText();
        var redacted = raw;
        foreach (var secret in _secrets)
        {
            // The secret as written raw and as an encoder escapes it inside a JSON string literal.
            var encoded = JsonSerializer.Serialize(secret)[1..^1];
            redacted = redacted.Replace(secret, Mask, StringComparison.Ordinal).Replace(encoded, Mask, StringComparison.Ordinal);
        }

        if (raw == redacted)
        {
            return json;
        }

        using var document = JsonDocument.Parse(redacted);
        return document.RootElement.Clone();
    }
}
