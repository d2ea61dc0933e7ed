using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CiAgent.Kernel;

namespace CiAgent.Outputs.Delivery;

/// <summary>One HTTP answer from a host's REST API, read in full so that error bodies can be quoted.</summary>
/// <param name="Status">The status code, or null when no answer came (network failure, timeout).</param>
/// <param name="Body">The body as text; for a missing answer, what went wrong.</param>
internal sealed record RestExchange(HttpStatusCode? Status, string Body)
{
    /// <summary>True for a 2xx answer.</summary>
    public bool Succeeded => Status is { } s && (int)s is >= 200 and < 300;

    /// <summary>Sends a request with an optional JSON body and reads the whole answer; network failures come back as an exchange without a status.</summary>
    public static async Task<RestExchange> SendAsync<TBody>(
        HttpClient http,
        HttpMethod method,
        string url,
        TBody? body,
        JsonTypeInfo<TBody>? bodyType,
        Action<HttpRequestMessage> authorize,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        authorize(request);
        if (body is not null && bodyType is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, bodyType), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new RestExchange(response.StatusCode, text);
        }
        catch (HttpRequestException e)
        {
            return new RestExchange(null, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RestExchange(null, $"no answer within {http.Timeout.TotalSeconds:0} seconds");
        }
    }

    /// <summary>Reads the body as the given type, or returns null when it is not that JSON.</summary>
    public T? Read<T>(JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(Body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A short description for messages: the status and the start of the body, on one line.</summary>
    public string Describe(string? hostMessage = null)
    {
        var text = TextShape.Cap(TextShape.OneLine(hostMessage ?? Body), 300);

        return Status is { } s ? $"HTTP {(int)s}{(text.Length > 0 ? $": {text}" : "")}" : text;
    }
}
