namespace CiAgent.Models.Middleware;

/// <summary>How <see cref="RetryingChatClient"/> retries: counts, backoff, the cap on Retry-After, and the clock it waits on.</summary>
public sealed record ModelRetryOptions
{
    /// <summary>How many times a retryable failure is retried after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait before a retry, whether from backoff or from Retry-After.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock retries wait on; tests pass one that does not sleep.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The environment variable that holds the key, named in the advice for 401 and 403.</summary>
    public string? CredentialVariable { get; init; }

    /// <summary>Called before each retry wait, e.g. to log it or, in tests, to see the delays.</summary>
    public Action<ModelRetryAttempt>? OnRetry { get; init; }
}
