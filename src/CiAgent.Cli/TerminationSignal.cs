using System.Runtime.InteropServices;

namespace CiAgent.Cli;

/// <summary>Turns SIGINT and SIGTERM (what CI sends when a job is cancelled or times out) into cancellation, so the run can restore and report.</summary>
internal sealed class TerminationSignal : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignal(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel),
        ];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Cancel(PosixSignalContext context)
    {
        // Keep the process alive: the run restores the workspace and writes its report, then exits on its own.
        context.Cancel = true;
        _source.Cancel();
    }
}
