using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Hosts;

/// <summary>No CI system: the console summary and the files in the output folder are all there is.</summary>
public sealed class LocalHost : ICiHost
{
    /// <inheritdoc />
    public CiHostKind Kind => CiHostKind.Local;

    /// <inheritdoc />
    public void MaskSecrets(IEnumerable<string?> secrets)
    {
        // A local terminal has no log masking; the model middleware already redacts keys from logged requests.
    }

    /// <inheritdoc />
    public IDisposable BeginGroup(string title) => new LogGroup(null);

    /// <inheritdoc />
    public Task PublishAsync(RunReport report, HostPublishContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
