using Serilog;

namespace CiAgent.Kernel;

/// <summary>Runs the working part of a run and turns every way it can stop into a status and a one-line reason, so each orchestrator ends the same way.</summary>
public static class GuardedRun
{
    /// <summary>Runs <paramref name="body"/>; a time limit gives <paramref name="timedOut"/>, cancellation and infrastructure faults give error. Bad input is not caught: it was found before anything was touched.</summary>
    /// <param name="body">The run's work, returning how it ended.</param>
    /// <param name="cancellationToken">The caller's token (a signal); when it fires the run is cancelled.</param>
    /// <param name="limit">The caller's token linked with the run's time limit.</param>
    /// <param name="timedOut">The status and reason when the time limit was reached.</param>
    /// <param name="log">Where an unexpected fault is logged with its stack.</param>
    public static async Task<(RunStatus Status, string Reason)> ExecuteAsync(
        Func<CancellationToken, Task<(RunStatus Status, string Reason)>> body, CancellationToken cancellationToken, CancellationToken limit, Func<(RunStatus, string)> timedOut, ILogger log)
    {
        try
        {
            return await body(limit).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return timedOut();
        }
        catch (OperationCanceledException)
        {
            return (RunStatus.Error, "cancelled");
        }
        catch (InfrastructureException e)
        {
            return (RunStatus.Error, e.Message);
        }
        catch (Exception e) when (e is not UsageException)
        {
            log.Error(e, "The run failed");
            return (RunStatus.Error, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
