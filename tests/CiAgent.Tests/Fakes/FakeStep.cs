using System.Text.Json;

namespace CiAgent.Tests.Fakes;

/// <summary>One request a fake model server received, kept verbatim.</summary>
/// <param name="Path">The request path.</param>
/// <param name="Body">The body exactly as sent.</param>
/// <param name="Headers">The request headers, first value of each.</param>
public sealed record FakeRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>What a fake model server does with one request.</summary>
public abstract record FakeStep
{
    /// <summary>Answer with a status, a JSON body and optional headers.</summary>
    public static FakeStep Respond(int status, string json, params (string Name, string Value)[] headers) => new Reply(status, json, headers);

    /// <summary>Send the status line and the start of a body, then never finish, until the client gives up or the server stops.</summary>
    public static FakeStep Hang() => new Stall();

    /// <summary>Wait, then do <paramref name="then"/>.</summary>
    public static FakeStep After(TimeSpan delay, FakeStep then) => new Delayed(delay, then);

    /// <summary>Decide the answer from the request.</summary>
    public static FakeStep From(Func<FakeRequest, FakeStep> compute) => new Computed(compute);

    /// <summary>Answers with a status, a JSON body and headers.</summary>
    public sealed record Reply(int Status, string Json, IReadOnlyList<(string Name, string Value)> Headers) : FakeStep;

    /// <summary>Starts an answer and never ends it.</summary>
    public sealed record Stall : FakeStep;

    /// <summary>Waits before another step.</summary>
    public sealed record Delayed(TimeSpan Delay, FakeStep Then) : FakeStep;

    /// <summary>Computes the step from the request.</summary>
    public sealed record Computed(Func<FakeRequest, FakeStep> Compute) : FakeStep;
}
