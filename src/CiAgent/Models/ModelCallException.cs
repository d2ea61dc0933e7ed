using CiAgent.Kernel;

namespace CiAgent.Models;

/// <summary>Thrown when a model call failed for good, after any retries; the message is one line a user can act on.</summary>
public sealed class ModelCallException : InfrastructureException
{
    /// <summary>Creates the exception from what the last attempt saw.</summary>
    public ModelCallException(string message, int? statusCode, bool isRetryable, int attempts, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        IsRetryable = isRetryable;
        Attempts = attempts;
    }

    /// <summary>The HTTP status of the last answer, or null when no answer arrived (connection failure, timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>Whether the failure was of a kind that may pass if tried later (and so retries were exhausted).</summary>
    public bool IsRetryable { get; }

    /// <summary>How many attempts were made in total.</summary>
    public int Attempts { get; }
}
