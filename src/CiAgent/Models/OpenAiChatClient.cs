using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAiChatClientCore = OpenAI.Chat.ChatClient;

namespace CiAgent.Models;

/// <summary>An <see cref="IChatClient"/> over the OpenAI SDK's chat completions client, for OpenAI and OpenAI-compatible endpoints.</summary>
public sealed class OpenAiChatClient : IChatClient
{
    private readonly OpenAIClient _client;
    private readonly string _model;
    private readonly OpenAiChatClientCore _inner;
    private readonly ChatClientMetadata _metadata;
    private readonly ConcurrentDictionary<string, OpenAiChatClientCore> _perModel = new(StringComparer.Ordinal);

    /// <summary>Talks to <paramref name="client"/>'s endpoint using <paramref name="model"/> unless ChatOptions.ModelId names another; the provider name and endpoint only describe it.</summary>
    public OpenAiChatClient(OpenAIClient client, string model, string providerName = ModelProviders.OpenAi, Uri? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _client = client;
        _model = model;
        _inner = client.GetChatClient(model);
        _metadata = new ChatClientMetadata(providerName, endpoint, model);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var openAiMessages = OpenAiRequestMapping.ToOpenAiMessages(messages);
        var openAiOptions = OpenAiRequestMapping.ToOpenAiOptions(options);

        // The SDK binds one model to each chat client; clients for other models come from the same OpenAIClient and so share its pipeline.
        var client = options?.ModelId is { Length: > 0 } model && model != _model
            ? _perModel.GetOrAdd(model, _client.GetChatClient)
            : _inner;
        var result = await client.CompleteChatAsync(openAiMessages, openAiOptions, cancellationToken).ConfigureAwait(false);
        return OpenAiResponseMapping.ToChatResponse(result.Value);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The agent loop needs whole turns, so streaming replays the non-streaming answer rather than parsing SSE.
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(OpenAiChatClientCore))
        {
            return _inner;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The SDK client holds no disposable state of its own; its pipeline's HttpClient is shared.
    }
}
