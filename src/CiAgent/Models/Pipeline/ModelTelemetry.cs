using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CiAgent.Models.Pipeline;

/// <summary>Exports traces of model calls (OpenTelemetry GenAI conventions, without message contents) over OTLP when the environment asks for it.</summary>
public static class ModelTelemetry
{
    /// <summary>The activity source every model call's span comes from.</summary>
    public const string SourceName = "CiAgent.Models";

    /// <summary>The activity source of spans that cover a whole run, for callers that want one around the model calls.</summary>
    public const string RunSourceName = "CiAgent";

    private const string ServiceName = "ciagent";

    /// <summary>Starts a tracer provider when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, else returns null; dispose it to flush.</summary>
    public static IDisposable? TryStart(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!IsSet(environment, "OTEL_EXPORTER_OTLP_ENDPOINT") && !IsSet(environment, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
            || string.Equals(environment.GetValueOrDefault("OTEL_SDK_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // The exporter reads its endpoint, protocol and headers from configuration; giving it only the OTEL_ variables of the
        // environment we were handed keeps the standard semantics (signal paths, header syntax) and keeps every other secret out.
        var otel = environment
            .Where(pair => pair.Key.StartsWith("OTEL_", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(pair.Value))
            .Select(pair => KeyValuePair.Create(pair.Key, pair.Value));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(otel).Build();
        if (configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] is null && configuration["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] is null)
        {
            // The specification's default, which the .NET exporter (gRPC by default) does not follow: a collector's :4318 just works.
            configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }

        var hasServiceName = IsSet(environment, "OTEL_SERVICE_NAME");

        return Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton<IConfiguration>(configuration))
            .ConfigureResource(resource =>
            {
                if (!hasServiceName)
                {
                    resource.AddService(ServiceName, serviceVersion: typeof(ModelTelemetry).Assembly.GetName().Version?.ToString());
                }
            })
            .AddSource(SourceName, RunSourceName)
            .AddOtlpExporter()
            .Build();
    }

    private static bool IsSet(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value);
}
