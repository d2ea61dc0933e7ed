using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace CiAgent.Models.Middleware;

/// <summary>Counts calls, tokens and cost of every response that passes through; safe to share across threads.</summary>
public sealed class UsageTrackingChatClient : DelegatingChatClient
{
    private readonly PriceTable _prices;
    private readonly string? _defaultModel;
    private readonly Lock _gate = new();
    private ModelUsage _usage = new(0, 0, 0, 0, 0, 0m);

    /// <summary>Wraps <paramref name="innerClient"/>, pricing by <paramref name="prices"/> (the built-in table when null).</summary>
    public UsageTrackingChatClient(IChatClient innerClient, PriceTable? prices = null, string? defaultModel = null)
        : base(innerClient)
    {
        _prices = prices ?? PriceTable.BuiltIn;
        _defaultModel = defaultModel;
    }

    /// <summary>A consistent copy of the counters so far.</summary>
    public ModelUsage Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _usage;
            }
        }
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _usage = _usage with { FailedCalls = _usage.FailedCalls + 1 };
            }

            throw;
        }

        Record(response.Usage, response.ModelId ?? options?.ModelId ?? _defaultModel);
        return response;
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

    private void Record(UsageDetails? usage, string? model)
    {
        lock (_gate)
        {
            var input = usage?.InputTokenCount ?? 0;
            var cached = usage?.CachedInputTokenCount ?? 0;
            var output = usage?.OutputTokenCount ?? 0;
            _usage = _usage with
            {
                Calls = _usage.Calls + 1,
                InputTokens = _usage.InputTokens + input,
                CachedInputTokens = _usage.CachedInputTokens + cached,
                OutputTokens = _usage.OutputTokens + output,
                CostUsd = _usage.CostUsd + _prices.PriceOf(model).CostOf(input, cached, output),
            };
        }
    }
}
