using System.Text.Json;
using CiAgent.Healing;
using CiAgent.Reporting;
using Serilog;
using Serilog.Sinks.SystemConsole.Themes;

namespace CiAgent.Cli;

/// <summary>Runs one heal with logging, and writes the report and summary on every exit path.</summary>
internal sealed class HealSession(HealOptions options, TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}", theme: ConsoleTheme.None)
            .CreateLogger();

        if (!options.ProviderExplicit)
        {
            log.Information("No model provider configured: running the offline tiers only (set an API key or pass --provider for model-driven healing)");
        }
        else if (options.Provider != "none")
        {
            await error.WriteLineAsync($"ciagent: error: --provider {options.Provider} is not available in this version; use --provider none.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var started = DateTimeOffset.UtcNow;
        HealResult result;
        try
        {
            result = await new HealRun(options, log).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"ciagent: error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            log.Error(e, "ciagent failed");
            var status = e is OperationCanceledException ? "error" : "error";
            var reason = e is OperationCanceledException ? "cancelled" : $"{e.GetType().Name}: {e.Message}";
            result = new HealResult(
                ReportBuilder.Build(status, reason, new RunProgress(), options, options.Workspace, options.Target, DateTimeOffset.UtcNow - started),
                ExitCodes.InfrastructureFailure);
        }

        await WriteOutputsAsync(result.Report).ConfigureAwait(false);
        return result.ExitCode;
    }

    private async Task WriteOutputsAsync(RunReport report)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var summaryPath = Path.Combine(options.OutputDirectory, "summary.md");
        report = report with
        {
            Artifacts = new Dictionary<string, string>(report.Artifacts) { ["summary"] = summaryPath, ["report"] = options.EffectiveReportPath },
        };
        var reportDirectory = Path.GetDirectoryName(options.EffectiveReportPath);
        if (!string.IsNullOrEmpty(reportDirectory))
        {
            Directory.CreateDirectory(reportDirectory);
        }

        await File.WriteAllTextAsync(options.EffectiveReportPath, JsonSerializer.Serialize(report, RunReportJson.Default.RunReport)).ConfigureAwait(false);
        await File.WriteAllTextAsync(summaryPath, SummaryWriter.ToMarkdown(report)).ConfigureAwait(false);
        await output.WriteAsync(SummaryWriter.ToConsole(report)).ConfigureAwait(false);
        await output.WriteLineAsync($"  report: {options.EffectiveReportPath}").ConfigureAwait(false);
    }
}
