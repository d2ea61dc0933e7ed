namespace CiAgent.Outputs.Hosts;

/// <summary>Ends a collapsible log section once, however often it is disposed.</summary>
internal sealed class LogGroup(Action? end) : IDisposable
{
    private Action? _end = end;

    public void Dispose() => Interlocked.Exchange(ref _end, null)?.Invoke();
}
