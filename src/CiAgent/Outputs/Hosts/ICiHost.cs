using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Hosts;

/// <summary>Where a run's results are shown to people: annotations, summaries, outputs and masked secrets in one CI system.</summary>
public interface ICiHost
{
    /// <summary>Which CI system this is.</summary>
    CiHostKind Kind { get; }

    /// <summary>Tells the CI system to hide these values in every later log line; call it before anything is logged.</summary>
    void MaskSecrets(IEnumerable<string?> secrets);

    /// <summary>Starts a collapsible log section that ends when the result is disposed.</summary>
    IDisposable BeginGroup(string title);

    /// <summary>Publishes the finished run: annotations, the step summary, output variables and the step result.</summary>
    Task PublishAsync(RunReport report, HostPublishContext context, CancellationToken cancellationToken);
}
