using System.Diagnostics;
using System.Text.Json;
using CiAgent.Healing;
using CiAgent.Hosts;
using CiAgent.Models;
using CiAgent.Models.Pipeline;
using CiAgent.Reporting;
using CiAgent.Security;
using Microsoft.Extensions.AI;
using Serilog;

namespace CiAgent.Cli;

/// <summary>Runs one heal with logging and the chosen model, and writes the report and summary on every exit path.</summary>
internal sealed class HealSession(HealOptions options, TextWriter output, TextWriter error)
{
    private static readonly ActivitySource Tracing = new(ModelTelemetry.RunSourceName);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var environment = CiHostDetector.ProcessEnvironment();

        // Off unless an OTLP endpoint is set; disposed last, so the run's span and every model call's are flushed before exit.
        using var telemetry = ModelTelemetry.TryStart(environment);
        using var span = Tracing.StartActivity("ciagent heal");
        var exitCode = await RunTracedAsync(environment, cancellationToken).ConfigureAwait(false);
        span?.SetTag("ciagent.exit_code", exitCode);
        return exitCode;
    }

    private async Task<int> RunTracedAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var host = CiHostDetector.Detect(environment, output);
        var secrets = SecretSet.FromEnvironment(environment);

        // Masking comes before the first log line, so the CI log never shows a secret even by accident.
        host.MaskSecrets(secrets.Values);
        using var log = LogSetup.Create(options.Debug, redact: secrets.Redact);
        string Redact(string text) => secrets.Redact(text);

        var started = DateTimeOffset.UtcNow;
        IChatClient? chat = null;
        HealResult result;
        try
        {
            chat = CreateChatClient(environment, secrets, log);
            // In CI the raw logs are worth having, folded away; on a terminal they would bury the summary unless asked for.
            Action<string, string>? buildLog = host.Kind == CiHostKind.Local && !options.Debug ? null : (title, text) =>
            {
                using (host.BeginGroup(title))
                {
                    output.Write(Redact(text));
                    output.Flush();
                }
            };
            result = await new HealRun(options, chat, log, Redact, environment, buildLog).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ModelConfigurationException or UsageException)
        {
            await error.WriteLineAsync($"ciagent: error: {e.Message}").ConfigureAwait(false);

            // The report goes wherever it cannot touch the workspace (a runner's temp folder, an explicit --out or --report).
            if (!options.OutputInsideWorkspace || options.ReportPath is not null && !options.ReportPath.StartsWith(options.Workspace + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                await WriteReportAsync(ReportBuilder.Build("error", Redact(e.Message), new RunProgress(), options, options.Workspace, options.Target, DateTimeOffset.UtcNow - started)).ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            log.Error(e, "ciagent failed");
            var reason = e is OperationCanceledException ? "cancelled" : Redact($"{e.GetType().Name}: {e.Message}");
            result = new HealResult(
                ReportBuilder.Build("error", reason, new RunProgress(), options, options.Workspace, options.Target, DateTimeOffset.UtcNow - started),
                ExitCodes.InfrastructureFailure);
        }
        finally
        {
            chat?.Dispose();
        }

        var report = await WriteOutputsAsync(result.Report, result.Diff, Redact).ConfigureAwait(false);
        await host.PublishAsync(report, new HostPublishContext
        {
            WorkspaceRoot = report.Workspace ?? options.Workspace,
            OutputDirectory = options.OutputDirectory,
            Diff = result.Diff,
            History = [.. report.History.Select(h => (h.Iteration, h.Errors, h.FailedTests))],
            Secrets = secrets.Values,
            ReportPath = options.EffectiveReportPath,
            PatchPath = report.Artifacts.GetValueOrDefault("patch") ?? report.Artifacts.GetValueOrDefault("partialPatch"),
            SarifPath = report.Artifacts.GetValueOrDefault("sarif"),
        }, CancellationToken.None).ConfigureAwait(false);
        return result.ExitCode;
    }

    private IChatClient? CreateChatClient(IReadOnlyDictionary<string, string?> environment, SecretSet secrets, ILogger log)
    {
        var provider = options.ProviderExplicit ? options.Provider : ModelClientFactory.InferProvider(environment);
        if (provider == ModelProviders.None)
        {
            log.Information(options.ProviderExplicit
                ? "Provider none: running the offline tiers only"
                : "No model provider configured: running the offline tiers only (set an API key or pass --provider for model-driven healing)");
            return null;
        }

        if (!options.ProviderExplicit)
        {
            log.Information("Model provider {Provider}, chosen from the API key in the environment", provider);
        }

        var prices = options.Prices.Aggregate(PriceTable.BuiltIn, (table, price) => table.WithOverride(price.Key, price.Value));
        var settings = new ModelSettings { Provider = provider, Model = options.Model, BaseUrl = options.BaseUrl?.ToString(), Secrets = secrets.Values };
        return ModelClientFactory.Create(
            options.ModelRequestTimeout is { } requestTimeout ? settings with { RequestTimeout = requestTimeout } : settings,
            environment,
            message => log.Information("{ModelCall}", secrets.Redact(message)),
            prices: prices);
    }

    private async Task WriteReportAsync(RunReport report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(options.EffectiveReportPath)!);
        await File.WriteAllTextAsync(options.EffectiveReportPath, JsonSerializer.Serialize(report, RunReportJson.Default.RunReport)).ConfigureAwait(false);
    }

    private async Task<RunReport> WriteOutputsAsync(RunReport report, string? diff, Func<string, string> redact)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var summaryPath = Path.Combine(options.OutputDirectory, "summary.md");
        var sarifPath = Path.Combine(options.OutputDirectory, SarifWriter.DefaultFileName);
        report = report with
        {
            Artifacts = new Dictionary<string, string>(report.Artifacts) { ["summary"] = summaryPath, ["report"] = options.EffectiveReportPath, ["sarif"] = sarifPath },
        };
        var reportDirectory = Path.GetDirectoryName(options.EffectiveReportPath);
        if (!string.IsNullOrEmpty(reportDirectory))
        {
            Directory.CreateDirectory(reportDirectory);
        }

        await File.WriteAllTextAsync(options.EffectiveReportPath, redact(JsonSerializer.Serialize(report, RunReportJson.Default.RunReport))).ConfigureAwait(false);
        await File.WriteAllTextAsync(summaryPath, redact(SummaryWriter.ToMarkdown(report, diff))).ConfigureAwait(false);
        await output.WriteAsync(redact(SummaryWriter.ToConsole(report))).ConfigureAwait(false);
        await SarifWriter.WriteAsync(report, report.Workspace ?? options.Workspace, sarifPath, CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync($"  report: {options.EffectiveReportPath}").ConfigureAwait(false);
        return report;
    }
}
