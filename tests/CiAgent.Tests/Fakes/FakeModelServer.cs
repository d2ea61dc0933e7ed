using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiAgent.Tests.Fakes;

/// <summary>A scripted model endpoint on loopback: each request takes the next step of its role's script (or the plain script) and is recorded verbatim.</summary>
public abstract class FakeModelServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeStep> _script = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeStep>> _roleScripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    /// <summary>The server's root, e.g. http://127.0.0.1:54321, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests => _requests.ToArray();

    /// <summary>Appends steps to the script.</summary>
    public void Enqueue(params FakeStep[] steps)
    {
        foreach (var step in steps)
        {
            _script.Enqueue(step);
        }
    }

    /// <summary>Appends steps to the script of one role, answered to requests whose system message starts with "Role: <paramref name="role"/>".</summary>
    public void EnqueueFor(string role, params FakeStep[] steps)
    {
        var script = _roleScripts.GetOrAdd(role, _ => new ConcurrentQueue<FakeStep>());
        foreach (var step in steps)
        {
            script.Enqueue(step);
        }
    }

    /// <summary>The requests received so far from one role's conversations, in order.</summary>
    public IReadOnlyList<FakeRequest> RequestsFor(string role) => [.. Requests.Where(request => RoleOf(request) == role)];

    /// <summary>The role named by the first line of the request's system message ("Role: tester"), or null when it names none.</summary>
    public virtual string? RoleOf(FakeRequest request) => null;

    /// <summary>The paths this fake answers on.</summary>
    protected abstract IEnumerable<string> Paths { get; }

    /// <summary>Starts Kestrel on a free loopback port.</summary>
    protected async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        foreach (var path in Paths)
        {
            app.MapPost(path, HandleAsync);
        }

        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/');
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new FakeRequest(
            context.Request.Path.Value ?? "",
            body,
            context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        _requests.Enqueue(request);

        var role = RoleOf(request);
        var script = role is not null && _roleScripts.TryGetValue(role, out var roleScript) ? roleScript : _script;
        if (!script.TryDequeue(out var step))
        {
            var which = script == _script ? "" : $" of role {role}";
            await WriteAsync(context, 500, $$$"""{"error":{"message":"script exhausted: the fake model server had no step left{{{which}}} for this request","type":"fake_script_exhausted"}}""", []);
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await RunAsync(context, request, step, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the server is stopping: nothing left to answer.
        }
    }

    private static async Task RunAsync(HttpContext context, FakeRequest request, FakeStep step, CancellationToken cancel)
    {
        switch (step)
        {
            case FakeStep.Reply reply:
                await WriteAsync(context, reply.Status, reply.Json, reply.Headers);
                break;
            case FakeStep.Delayed delayed:
                await Task.Delay(delayed.Delay, cancel);
                await RunAsync(context, request, delayed.Then, cancel);
                break;
            case FakeStep.Computed computed:
                await RunAsync(context, request, computed.Compute(request), cancel);
                break;
            case FakeStep.Stall:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\":", cancel);
                await context.Response.Body.FlushAsync(cancel);
                await Task.Delay(Timeout.Infinite, cancel);
                break;
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string json, IEnumerable<(string Name, string Value)> headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(json);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
