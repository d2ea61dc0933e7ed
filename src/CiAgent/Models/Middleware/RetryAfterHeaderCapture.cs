using System.Net.Http.Headers;

namespace CiAgent.Models.Middleware;

/// <summary>An HTTP handler that remembers a failed response's Retry-After for <see cref="RetryingChatClient"/>, for SDKs whose exceptions drop the headers.</summary>
public sealed class RetryAfterHeaderCapture : DelegatingHandler
{
    // The retrying client opens a slot before calling down; the slot object flows into the SDK's HTTP call through the execution context, and writing into it is seen back up.
    private static readonly AsyncLocal<Slot?> Current = new();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && Current.Value is { } slot)
        {
            slot.Capture(response.Headers);
        }

        return response;
    }

    /// <summary>Opens a slot for the calls made below the current async flow; dispose it when the call is over.</summary>
    internal static Slot Open()
    {
        var slot = new Slot();
        Current.Value = slot;
        return slot;
    }

    /// <summary>The retry hints of the latest failed response seen in one logical call.</summary>
    internal sealed class Slot : IDisposable
    {
        private volatile RetryAfterValue? _latest;

        /// <summary>The hint of the latest failed response, or null when none carried one.</summary>
        public RetryAfterValue? Latest => _latest;

        /// <summary>Forgets the previous attempt's hint.</summary>
        public void Reset() => _latest = null;

        /// <summary>Records the headers of a failed response.</summary>
        public void Capture(HttpResponseHeaders headers)
        {
            headers.TryGetValues("retry-after-ms", out var milliseconds);
            headers.TryGetValues("Retry-After", out var retryAfter);
            _latest = new RetryAfterValue(retryAfter?.FirstOrDefault(), milliseconds?.FirstOrDefault());
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (Current.Value == this)
            {
                Current.Value = null;
            }
        }
    }
}

/// <summary>The raw Retry-After and retry-after-ms header values of one response.</summary>
internal sealed record RetryAfterValue(string? RetryAfter, string? RetryAfterMilliseconds);
