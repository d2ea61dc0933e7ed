using System.Collections.Concurrent;

namespace CiAgent.Tests.Fakes;

/// <summary>A clock whose timers fire at once, recording the delays asked for, so retry tests never sleep.</summary>
public sealed class InstantTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    /// <summary>Every timer due time requested, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays => _delays.ToArray();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _delays.Enqueue(dueTime);
        return base.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
