using System.ClientModel;
using System.Globalization;
using System.Text.Json;
using Anthropic.Exceptions;

namespace CiAgent.Models.Middleware;

/// <summary>What kind of failure a model call met.</summary>
internal enum ModelFailureKind
{
    /// <summary>The endpoint answered with an error status.</summary>
    Status,

    /// <summary>No connection could be made or it broke before an answer.</summary>
    Connection,

    /// <summary>The attempt ran past its request timeout.</summary>
    Timeout,

    /// <summary>An answer arrived but was not a readable document (cut off mid-body, or not JSON at all).</summary>
    Malformed,
}

/// <summary>A model call's failure, classified from whichever SDK or transport exception carried it.</summary>
internal sealed record ModelFailure(ModelFailureKind Kind, int? StatusCode, bool IsRetryable, RetryAfterValue? RetryAfter, string? Detail)
{
    // 408/529 are not in the usual list but mean the same thing: Anthropic answers 529 when overloaded.
    private static readonly HashSet<int> RetryableStatuses = [408, 429, 500, 502, 503, 504, 529];

    /// <summary>Classifies an exception, or returns null when it is not a model-call failure (e.g. the caller cancelled, or a bug).</summary>
    public static ModelFailure? Classify(Exception exception, CancellationToken callerToken, RetryAfterValue? capturedHint)
    {
        if (callerToken.IsCancellationRequested)
        {
            return null;
        }

        switch (exception)
        {
            case ClientResultException { Status: > 0 } result:
                return FromStatus(result.Status, ReadHint(result) ?? capturedHint, ReadOpenAiMessage(result));
            case ClientResultException { InnerException: { } inner }:
                return Classify(inner, callerToken, capturedHint);
            case ClientResultException:
                return new ModelFailure(ModelFailureKind.Connection, null, true, null, exception.Message);
            case AnthropicApiException api:
                return FromStatus((int)api.StatusCode, capturedHint, api.ApiMessage);
            case AnthropicIOException io:
                return new ModelFailure(ModelFailureKind.Connection, null, true, null, io.InnerException?.Message ?? io.Message);
            case HttpRequestException { StatusCode: { } status }:
                return FromStatus((int)status, capturedHint, null);
            case HttpRequestException http:
                return new ModelFailure(ModelFailureKind.Connection, null, true, null, http.Message);
            case JsonException json:
                // A body cut off in transit reads as broken JSON; another attempt usually gets it whole.
                return new ModelFailure(ModelFailureKind.Malformed, null, true, null, json.Message);
            case OperationCanceledException or TimeoutException:
                // Not the caller's token, so it was a timeout inside the SDK or HttpClient.
                return new ModelFailure(ModelFailureKind.Timeout, null, true, null, null);
            case { InnerException: { } wrapped }:
                return Classify(wrapped, callerToken, capturedHint);
            default:
                return null;
        }
    }

    /// <summary>Turns the hint into a delay, capped, or null when there is no usable hint.</summary>
    public TimeSpan? RetryDelay(TimeProvider time, TimeSpan cap)
    {
        if (RetryAfter is null)
        {
            return null;
        }

        TimeSpan? delay = null;
        if (double.TryParse(RetryAfter.RetryAfterMilliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            delay = TimeSpan.FromMilliseconds(ms);
        }
        else if (double.TryParse(RetryAfter.RetryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            delay = TimeSpan.FromSeconds(seconds);
        }
        else if (DateTimeOffset.TryParseExact(RetryAfter.RetryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            delay = date - time.GetUtcNow();
        }

        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }

    private static ModelFailure FromStatus(int status, RetryAfterValue? hint, string? detail) =>
        new(ModelFailureKind.Status, status, RetryableStatuses.Contains(status), hint, detail);

    private static RetryAfterValue? ReadHint(ClientResultException exception)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        headers.TryGetValue("Retry-After", out var retryAfter);
        headers.TryGetValue("retry-after-ms", out var milliseconds);
        return retryAfter is null && milliseconds is null ? null : new RetryAfterValue(retryAfter, milliseconds);
    }

    private static string? ReadOpenAiMessage(ClientResultException exception)
    {
        try
        {
            var content = exception.GetRawResponse()?.Content;
            if (content is null)
            {
                return null;
            }

            using var document = JsonDocument.Parse(content.ToMemory());
            return document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            // Compatible servers answer errors in all shapes; the status alone still tells the story.
            return null;
        }
    }
}
