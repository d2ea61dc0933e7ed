using System.Diagnostics;

namespace CiAgent.Intake;

/// <summary>Stops a Microsoft.Testing.Platform run when no test has finished for longer than the hang timeout.</summary>
/// <remarks>Without the hang-dump extension the platform cannot stop a hung test itself.</remarks>
internal static class HangWatchdog
{
    // A test host can be silent for a while as it starts (slower on a loaded CI machine); that is not a hung test.
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(20);

    /// <summary>Cancels <paramref name="kill"/> once the run has made no progress for the hang timeout (plus a start-up grace until a test finishes); returns when <paramref name="stop"/> is cancelled.</summary>
    internal static async Task WatchAsync(
        TimeSpan hangTimeout, Stopwatch lastProgress, Func<bool> anyTestFinished, object gate, CancellationTokenSource kill, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), stop).ConfigureAwait(false);
                bool stalled;
                lock (gate)
                {
                    stalled = lastProgress.Elapsed > (anyTestFinished() ? hangTimeout : hangTimeout + StartupGrace);
                }

                if (stalled)
                {
                    await kill.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended before it stalled.
        }
    }
}
