using System.Text.Json;
using CiAgent.Outputs.Hosts;
using CiAgent.Outputs.Markdown;
using CiAgent.Outputs.Report;

namespace CiAgent.Outputs;

/// <summary>The one place a run's outputs are written and shown: report.json, summary.md, SARIF, the console summary, then the CI host.</summary>
/// <param name="host">The CI host the run is in.</param>
/// <param name="output">The console.</param>
/// <param name="redact">Removes secrets from everything written.</param>
/// <param name="secrets">The secret values the host masks.</param>
public sealed class RunPublisher(ICiHost host, TextWriter output, Func<string, string> redact, IReadOnlyList<string> secrets)
{
    /// <summary>Writes only the report, for a run refused before it started; nothing else is written.</summary>
    public async Task WriteReportAsync(RunReport report, string reportPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
        await File.WriteAllTextAsync(reportPath, redact(JsonSerializer.Serialize(report, RunReportJson.Default.RunReport))).ConfigureAwait(false);
    }

    /// <summary>Writes every output of a finished run into <paramref name="outputDirectory"/> and publishes it to the host.</summary>
    public async Task PublishAsync(RunResult result, string outputDirectory, string reportPath, string workspace)
    {
        Directory.CreateDirectory(outputDirectory);
        var summaryPath = Path.Combine(outputDirectory, "summary.md");
        var sarifPath = Path.Combine(outputDirectory, SarifWriter.DefaultFileName);
        var report = result.Report with
        {
            Artifacts = new Dictionary<string, string>(result.Report.Artifacts) { ["summary"] = summaryPath, ["report"] = reportPath, ["sarif"] = sarifPath },
        };
        await WriteReportAsync(report, reportPath).ConfigureAwait(false);
        await File.WriteAllTextAsync(summaryPath, redact(SummaryMarkdown.Render(SummaryContent.FromReport(report, result.Diff), SummaryLayout.File))).ConfigureAwait(false);
        await output.WriteAsync(redact(SummaryMarkdown.Console(report))).ConfigureAwait(false);
        await SarifWriter.WriteAsync(report, report.Workspace ?? workspace, sarifPath, CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync($"  report: {reportPath}").ConfigureAwait(false);
        await host.PublishAsync(report, new HostPublishContext
        {
            WorkspaceRoot = report.Workspace ?? workspace,
            OutputDirectory = outputDirectory,
            Diff = result.Diff,
            Secrets = secrets,
            ReportPath = reportPath,
            PatchPath = report.Artifacts.GetValueOrDefault("patch") ?? report.Artifacts.GetValueOrDefault("partialPatch"),
            SarifPath = sarifPath,
        }, CancellationToken.None).ConfigureAwait(false);
    }
}
