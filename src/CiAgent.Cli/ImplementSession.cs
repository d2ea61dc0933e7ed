using CiAgent.Kernel;
using CiAgent.Settings;

namespace CiAgent.Cli;

/// <summary>Placeholder for the composition root of an implement run, so the command line can be built and tested before the orchestrator is merged; the lead's version replaces this file.</summary>
internal sealed class ImplementSession(RunSettings settings, IReadOnlyDictionary<string, string?> environment, TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Kept referenced so the placeholder has the real constructor without unused-parameter warnings.
        _ = (settings, environment, output, cancellationToken);
        await error.WriteLineAsync("ciagent: implement is not wired yet").ConfigureAwait(false);
        return ExitCodes.InfrastructureFailure;
    }
}
