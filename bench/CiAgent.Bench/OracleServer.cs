using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiAgent.Bench;

/// <summary>
/// A scripted OpenAI-compatible model on loopback that already knows the true fix: it reads the file, makes the fix's
/// replacements one call at a time, checks with run_build or run_tests, and finishes (once more if told "Not done yet").
/// </summary>
/// <remarks>It stands in for a perfect model, so what a case measures is the harness: localisation, prompt, tools, verification.</remarks>
public sealed class OracleServer : IAsyncDisposable
{
    private readonly Queue<object[]> _script;
    private readonly List<string> _bodies = [];
    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private bool _finishedAgain;
    private bool _checkQueued;

    private OracleServer(WebApplication app, IReadOnlyList<TextEdit> fix)
    {
        _app = app;
        _script = new Queue<object[]>(
        [
            [Call("read_file", new { path = fix[0].File })],
            .. fix.Select(edit => new object[] { Call("replace_in_file", new { path = edit.File, oldText = edit.Find, newText = edit.Replace }) }),
        ]);
    }

    /// <summary>The base URL to give ciagent's --base-url, ending in /v1.</summary>
    public string V1Url { get; private set; } = "";

    /// <summary>Every request body received, in order.</summary>
    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_gate)
            {
                return [.. _bodies];
            }
        }
    }

    /// <summary>The <see cref="Stopwatch.GetTimestamp"/> of the first request, or null before it.</summary>
    public long? FirstRequestAt { get; private set; }

    /// <summary>Starts an oracle that will apply the given true fix.</summary>
    public static async Task<OracleServer> StartAsync(IReadOnlyList<TextEdit> fix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var oracle = new OracleServer(app, fix);
        app.MapPost("/v1/chat/completions", oracle.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        oracle.V1Url = address.TrimEnd('/') + "/v1";
        return oracle;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        object[] calls;
        lock (_gate)
        {
            FirstRequestAt ??= Stopwatch.GetTimestamp();
            _bodies.Add(body);
            calls = Next(body);
        }

        var message = calls.Length == 0
            ? (object)new { role = "assistant", content = "I have nothing more to do." }
            : new { role = "assistant", content = (string?)null, tool_calls = calls };
        var completion = new
        {
            id = $"chatcmpl-oracle-{_bodies.Count}",
            @object = "chat.completion",
            created = 1_700_000_000,
            model = "bench-oracle",
            choices = new[] { new { index = 0, message, finish_reason = calls.Length == 0 ? "stop" : "tool_calls" } },
            // Token counts are ours to estimate (characters / 4); the harness's own accounting reads them.
            usage = new { prompt_tokens = body.Length / 4, completion_tokens = 20, total_tokens = body.Length / 4 + 20 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(completion), context.RequestAborted);
    }

    // The check step is chosen from the harness's own first words: a broken build is checked with run_build, failing tests with run_tests.
    private object[] Next(string body)
    {
        if (_script.TryDequeue(out var calls))
        {
            if (_script.Count == 0 && !_checkQueued)
            {
                _checkQueued = true;
                var check = _bodies[0].Contains("succeeds but tests fail", StringComparison.Ordinal) ? "run_tests" : "run_build";
                _script.Enqueue([Call(check, new { })]);
                _script.Enqueue([Call("finish", new { summary = "Applied the known fix and checked it." })]);
            }

            return calls;
        }

        if (!_finishedAgain && body.Contains("Not done yet", StringComparison.Ordinal))
        {
            _finishedAgain = true;
            return [Call("finish", new { summary = "Applied the known fix; finishing again." })];
        }

        return [];
    }

    private int _callIds;

    private object Call(string name, object arguments) => new
    {
        id = $"call_{++_callIds}",
        type = "function",
        function = new { name, arguments = JsonSerializer.Serialize(arguments) },
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
