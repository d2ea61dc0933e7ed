using System.Globalization;
using CiAgent.Kernel;
using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Hosts;

/// <summary>The step outputs every host sets, by their action.yml names, in a stable order.</summary>
internal static class RunOutputs
{
    /// <summary>The output names, as declared in action.yml.</summary>
    public static IReadOnlyList<string> Names { get; } = ["status", "healed", "implemented", "pull-request-url", "report-path", "patch-path", "sarif-path", "cost-usd"];

    /// <summary>Every output with its value; absent values are empty strings so later steps can test them without errors.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> From(RunReport report, HostPublishContext context, Func<string?, string?> path) =>
    [
        new("status", report.Status),
        new("healed", report.Status == RunStatus.Healed.Name ? "true" : "false"),
        new("implemented", report.Status == RunStatus.Implemented.Name ? "true" : "false"),
        new("pull-request-url", report.PullRequestUrl ?? ""),
        new("report-path", path(context.ReportPath) ?? ""),
        new("patch-path", path(context.PatchPath) ?? ""),
        new("sarif-path", path(context.SarifPath) ?? ""),
        new("cost-usd", report.CostUsd.ToString("0.######", CultureInfo.InvariantCulture)),
    ];
}
