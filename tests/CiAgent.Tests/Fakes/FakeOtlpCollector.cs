using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiAgent.Tests.Fakes;

/// <summary>An OTLP/HTTP trace receiver on loopback that keeps every export it is sent, raw.</summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();
    private WebApplication? _app;

    private FakeOtlpCollector()
    {
    }

    /// <summary>The collector's root, e.g. http://127.0.0.1:54321, the value OTEL_EXPORTER_OTLP_ENDPOINT takes.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every export received so far: its path and protobuf body.</summary>
    public IReadOnlyList<(string Path, byte[] Body)> Exports => _exports.ToArray();

    /// <summary>Starts Kestrel on a free loopback port.</summary>
    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var collector = new FakeOtlpCollector();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            collector._exports.Enqueue((context.Request.Path.Value ?? "", body.ToArray()));

            // An empty ExportTraceServiceResponse: full success, in protobuf's encoding of "no fields".
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        collector._app = app;
        collector.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return collector;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }
}
