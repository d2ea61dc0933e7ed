using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace CiAgent.Models.Middleware;

/// <summary>Writes one line per model call (model, message count, tokens, duration, finish reason) and never the messages themselves.</summary>
public sealed class CallLoggingChatClient : DelegatingChatClient
{
    private readonly Action<string> _write;
    private readonly string? _defaultModel;

    /// <summary>Wraps <paramref name="innerClient"/>, writing each line to <paramref name="write"/>.</summary>
    public CallLoggingChatClient(IChatClient innerClient, Action<string> write, string? defaultModel = null)
        : base(innerClient)
    {
        _write = write ?? throw new ArgumentNullException(nameof(write));
        _defaultModel = defaultModel;
    }

    /// <summary>Wraps <paramref name="innerClient"/>, writing each line to a Serilog logger at Information level.</summary>
    public CallLoggingChatClient(IChatClient innerClient, Serilog.ILogger logger, string? defaultModel = null)
        : this(innerClient, ToWriter(logger), defaultModel)
    {
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var model = options?.ModelId ?? _defaultModel ?? "default";
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await base.GetResponseAsync(conversation, options, cancellationToken).ConfigureAwait(false);
            var usage = response.Usage;
            _write(string.Create(
                CultureInfo.InvariantCulture,
                $"model call: model={response.ModelId ?? model} messages={conversation.Count} input_tokens={usage?.InputTokenCount ?? 0} cached_tokens={usage?.CachedInputTokenCount ?? 0} output_tokens={usage?.OutputTokenCount ?? 0} duration_ms={clock.ElapsedMilliseconds} finish={response.FinishReason?.Value ?? "unknown"}"));
            return response;
        }
        catch (Exception exception)
        {
            // The exception type and one-line message are safe: ModelCallException messages never quote the conversation.
            var reason = exception is ModelCallException call ? call.Message : exception.GetType().Name;
            _write(string.Create(
                CultureInfo.InvariantCulture,
                $"model call failed: model={model} messages={conversation.Count} duration_ms={clock.ElapsedMilliseconds} error={reason}"));
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private static Action<string> ToWriter(Serilog.ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return line => logger.Information("{ModelCall}", line);
    }
}
