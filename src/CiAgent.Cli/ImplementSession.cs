using CiAgent.Implementing;
using CiAgent.Kernel;
using CiAgent.Settings;

namespace CiAgent.Cli;

/// <summary>Composes an implement run: the roles on the configured model, under the shared run session.</summary>
internal static class ImplementSession
{
    /// <summary>The session that implements the spec these settings name.</summary>
    public static RunSession Create(RunSettings settings, IReadOnlyDictionary<string, string?> environment, TextWriter output, TextWriter error) =>
        new(settings, environment, output, error, "implement", (chat, log, redact, buildLog, cancellationToken) =>
            new ImplementRun(settings, chat ?? throw new UsageException("implement needs a model provider; pass --provider and set its API key."), log, redact, environment, buildLog)
                .ExecuteAsync(cancellationToken));
}
