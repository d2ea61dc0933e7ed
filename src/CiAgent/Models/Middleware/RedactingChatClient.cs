using System.Buffers;
using System.Text.Json;
using CiAgent.Security;
using Microsoft.Extensions.AI;

namespace CiAgent.Models.Middleware;

/// <summary>Replaces secret values with *** in everything sent to the model, leaving the caller's messages untouched.</summary>
public sealed class RedactingChatClient : DelegatingChatClient
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = SecretSet.Mask;

    /// <summary>Values shorter than this are ignored: masking "true" or "main" would garble code, not protect anything.</summary>
    public const int MinimumSecretLength = SecretSet.MinimumLength;

    /// <summary>Wraps <paramref name="innerClient"/>, redacting the given secret values.</summary>
    public RedactingChatClient(IChatClient innerClient, IEnumerable<string?> secrets)
        : this(innerClient, SecretSet.FromValues(secrets ?? throw new ArgumentNullException(nameof(secrets))))
    {
    }

    /// <summary>Wraps <paramref name="innerClient"/>, redacting everything in <paramref name="secrets"/>.</summary>
    public RedactingChatClient(IChatClient innerClient, SecretSet secrets)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        Secrets = secrets;
    }

    /// <summary>The secrets this client masks.</summary>
    public SecretSet Secrets { get; }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Redact(messages), options, cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(Redact(messages), options, cancellationToken);

    /// <summary>Masks every secret in <paramref name="text"/>.</summary>
    public string Redact(string text) => Secrets.Redact(text);

    private List<ChatMessage> Redact(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        if (Secrets.IsEmpty)
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
        // Rewriting the tree string by string, rather than the raw text, can never cut an escape sequence in half and leave invalid JSON.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteRedacted(json, writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private void WriteRedacted(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(Redact(property.Name));
                    WriteRedacted(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteRedacted(item, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(Redact(element.GetString()!));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
