namespace CiAgent.Models.Middleware;

/// <summary>One retry about to happen.</summary>
/// <param name="Retry">1 for the first retry.</param>
/// <param name="Delay">How long the client waits first.</param>
/// <param name="StatusCode">The status that failed, or null for a connection failure or timeout.</param>
/// <param name="Reason">A short description of the failure.</param>
public sealed record ModelRetryAttempt(int Retry, TimeSpan Delay, int? StatusCode, string Reason);
