using System.Diagnostics;
using CiAgent.Kernel;
using CiAgent.Models;
using CiAgent.Models.Pipeline;
using CiAgent.Outputs;
using CiAgent.Outputs.Hosts;
using CiAgent.Outputs.Report;
using CiAgent.Security;
using CiAgent.Settings;
using Microsoft.Extensions.AI;
using Serilog;

namespace CiAgent.Cli;

/// <summary>What a mode's orchestrator is given by the session: the model pipeline (null without a provider), the log, the redactor and the CI log groups.</summary>
internal delegate Task<RunResult> Orchestrate(IChatClient? chat, ILogger log, Func<string, string> redact, Action<string, string>? buildLog, CancellationToken cancellationToken);

/// <summary>The composition root of a run, for either mode: builds the log, the model pipeline and the host from the settings, runs the mode's orchestrator, and publishes its outputs on every exit path.</summary>
internal sealed class RunSession(RunSettings settings, IReadOnlyDictionary<string, string?> environment, TextWriter output, TextWriter error, string mode, Orchestrate orchestrate)
{
    private static readonly ActivitySource Tracing = new(ModelTelemetry.RunSourceName);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Off unless an OTLP endpoint is set; disposed last, so the run's span and every model call's are flushed before exit.
        using var telemetry = ModelTelemetry.TryStart(environment);
        using var span = Tracing.StartActivity($"ciagent {mode}");
        var exitCode = await RunTracedAsync(cancellationToken).ConfigureAwait(false);
        span?.SetTag("ciagent.exit_code", exitCode);
        return exitCode;
    }

    private async Task<int> RunTracedAsync(CancellationToken cancellationToken)
    {
        var host = CiHostDetector.Detect(environment, output);
        var secrets = SecretSet.FromEnvironment(environment);

        // Masking comes before the first log line, so the CI log never shows a secret even by accident.
        host.MaskSecrets(secrets.Values);
        using var log = LogSetup.Create(settings.Debug, redact: secrets.Redact);
        Func<string, string> redact = secrets.Redact;
        var publisher = new RunPublisher(host, output, redact, secrets.Values);

        var started = DateTimeOffset.UtcNow;
        IChatClient? chat = null;
        RunResult result;
        try
        {
            chat = CreateChatClient(secrets, log);
            // In CI the raw logs are worth having, folded away; on a terminal they would bury the summary unless asked for.
            Action<string, string>? buildLog = host.Kind == CiHostKind.Local && !settings.Debug ? null : (title, text) =>
            {
                using (host.BeginGroup(title))
                {
                    output.Write(redact(text));
                    output.Flush();
                }
            };
            result = await orchestrate(chat, log, redact, buildLog, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ModelConfigurationException or UsageException)
        {
            await error.WriteLineAsync($"ciagent: error: {e.Message}").ConfigureAwait(false);

            // The report goes wherever it cannot touch the workspace (a runner's temp folder, an explicit --out or --report).
            if (!settings.Outputs.InsideWorkspace || settings.Outputs.ReportOutside(settings.Workspace))
            {
                await publisher.WriteReportAsync(Failed(RunStatus.Error, redact(e.Message), started).Report, settings.Outputs.ReportPath).ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            log.Error(e, "ciagent failed");
            result = Failed(RunStatus.Error, e is OperationCanceledException ? "cancelled" : redact($"{e.GetType().Name}: {e.Message}"), started);
        }
        finally
        {
            chat?.Dispose();
        }

        await publisher.PublishAsync(result, settings.Outputs.Directory, settings.Outputs.ReportPath, settings.Workspace).ConfigureAwait(false);
        return result.ExitCode;
    }

    private RunResult Failed(RunStatus status, string reason, DateTimeOffset started)
    {
        var result = RunResult.Failed(status, reason, settings.Model.Provider, settings.Workspace, settings.Target, DateTimeOffset.UtcNow - started);
        return result with { Report = result.Report with { Mode = mode } };
    }

    private IChatClient? CreateChatClient(SecretSet secrets, ILogger log)
    {
        var model = settings.Model;
        var provider = model.ProviderExplicit ? model.Provider : ModelClientFactory.InferProvider(environment);
        if (provider == ModelProviders.None)
        {
            log.Information(model.ProviderExplicit
                ? "Provider none: running the offline tiers only"
                : "No model provider configured: running the offline tiers only (set an API key or pass --provider for model-driven healing)");
            return null;
        }

        if (!model.ProviderExplicit)
        {
            log.Information("Model provider {Provider}, chosen from the API key in the environment", provider);
        }

        var prices = model.Prices.Aggregate(PriceTable.BuiltIn, (table, price) => table.WithOverride(price.Key, price.Value));
        var defaults = new ModelSettings { Provider = provider };
        var modelSettings = defaults with
        {
            Model = model.Model,
            BaseUrl = model.BaseUrl?.ToString(),
            Secrets = secrets.Values,
            RequestTimeout = model.RequestTimeout ?? defaults.RequestTimeout,
            MaxRetries = model.RequestRetries ?? defaults.MaxRetries,
        };
        return ModelClientFactory.Create(
            modelSettings,
            environment,
            message => log.Information("{ModelCall}", secrets.Redact(message)),
            prices: prices);
    }
}
