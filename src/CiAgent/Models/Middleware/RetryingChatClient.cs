using System.Net;
using System.Runtime.CompilerServices;
using CiAgent.Kernel;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;

namespace CiAgent.Models.Middleware;

/// <summary>Retries transient model-call failures with exponential backoff, honouring Retry-After, and turns final failures into <see cref="ModelCallException"/>.</summary>
public sealed class RetryingChatClient : DelegatingChatClient
{
    private readonly ModelRetryOptions _options;

    /// <summary>Wraps <paramref name="innerClient"/>; the options are kept as given (records are immutable).</summary>
    public RetryingChatClient(IChatClient innerClient, ModelRetryOptions? options = null)
        : base(innerClient)
    {
        _options = options ?? new ModelRetryOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxRetries);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Each attempt re-sends the same conversation, so a lazy sequence must not be enumerated twice.
        var conversation = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        using var hints = RetryAfterHeaderCapture.Open();
        var attempts = 0;
        var pipeline = BuildPipeline(hints, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    hints.Reset();
                    return await InnerClient.GetResponseAsync(conversation, options, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ModelCallException
            && ModelFailure.Classify(exception, cancellationToken, hints.Latest) is { } failure)
        {
            throw new ModelCallException(Describe(failure, attempts), failure.StatusCode, failure.IsRetryable, attempts, exception);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A half-streamed turn cannot be retried cleanly, so streaming goes through the retried whole-response path.
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private ResiliencePipeline BuildPipeline(RetryAfterHeaderCapture.Slot hints, CancellationToken callerToken)
    {
        if (_options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = _options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                    && ModelFailure.Classify(exception, callerToken, hints.Latest) is { IsRetryable: true }),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                        ? ModelFailure.Classify(exception, callerToken, hints.Latest)?.RetryDelay(_options.TimeProvider, _options.MaxDelay)
                        : null),
                OnRetry = args =>
                {
                    if (_options.OnRetry is { } onRetry && args.Outcome.Exception is { } exception)
                    {
                        var failure = ModelFailure.Classify(exception, callerToken, hints.Latest);
                        onRetry(new ModelRetryAttempt(args.AttemptNumber + 1, args.RetryDelay, failure?.StatusCode, Reason(failure)));
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private string Describe(ModelFailure failure, int attempts)
    {
        var retries = Math.Max(0, attempts - 1) switch
        {
            0 => "with no retry",
            1 => "after 1 retry",
            var count => $"after {count} retries",
        };
        return failure switch
        {
            { IsRetryable: false, StatusCode: { } status } => $"The model endpoint answered {StatusText(status)}: {Advice(status, failure.Detail)}",
            { Kind: ModelFailureKind.Status, StatusCode: { } status } => $"The model endpoint {(attempts > 1 ? "kept failing" : "failed")} with {status} {retries}.",
            { Kind: ModelFailureKind.Timeout } => $"The model endpoint did not answer within the request timeout {retries}.",
            { Kind: ModelFailureKind.Malformed } => $"The model endpoint's answer could not be read {retries}: it was not valid JSON ({OneLine(failure.Detail) ?? "cut off"}).",
            _ => $"The model endpoint could not be reached {retries}: {OneLine(failure.Detail) ?? "connection failed"}.",
        };
    }

    private string Advice(int status, string? detail) => status switch
    {
        401 or 403 => $"check {_options.CredentialVariable ?? "the API key"}.",
        404 => "check the model name and the base URL.",
        _ => OneLine(detail) is { } text ? $"{text.TrimEnd('.')}." : "the request was rejected.",
    };

    private static string Reason(ModelFailure? failure) => failure switch
    {
        { StatusCode: { } status } => StatusText(status),
        { Kind: ModelFailureKind.Timeout } => "timeout",
        { Kind: ModelFailureKind.Malformed } => "unreadable answer",
        { Detail: { } detail } => OneLine(detail) ?? "connection failed",
        _ => "connection failed",
    };

    private static string StatusText(int status) => status switch
    {
        400 => "400 Bad Request",
        401 => "401 Unauthorized",
        403 => "403 Forbidden",
        404 => "404 Not Found",
        408 => "408 Request Timeout",
        413 => "413 Content Too Large",
        422 => "422 Unprocessable Entity",
        429 => "429 Too Many Requests",
        500 => "500 Internal Server Error",
        502 => "502 Bad Gateway",
        503 => "503 Service Unavailable",
        504 => "504 Gateway Timeout",
        529 => "529 Overloaded",
        _ => $"{status} {(HttpStatusCode)status}",
    };

    // Endpoint messages can be long or multi-line; the user gets one short line and the exception keeps the rest.
    private static string? OneLine(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : TextShape.Cap(TextShape.OneLine(text), 200);
}
