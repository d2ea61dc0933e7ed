using System.Diagnostics;

namespace CiAgent.Kernel;

/// <summary>Where a run's time went, by phase: baseline, diagnosis, offline, model, verification, tests, delivery.</summary>
public sealed class RunTimings
{
    /// <summary>The phases, in the order a run goes through them.</summary>
    public static IReadOnlyList<string> Phases { get; } = ["baseline", "diagnosis", "offline", "model", "verification", "tests", "delivery"];

    // The offline tier checks projects in memory beside a running build, so time may be added from two threads at once.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TimeSpan> _spent = new(StringComparer.Ordinal);
    private string? _attributeTo;

    /// <summary>Adds time to a phase; while <see cref="During"/> is in force, to that phase instead (a baseline's build is baseline, not verification).</summary>
    public void Add(string phase, TimeSpan time)
    {
        lock (_gate)
        {
            var target = _attributeTo ?? phase;
            _spent[target] = _spent.GetValueOrDefault(target) + time;
        }
    }

    /// <summary>Times <paramref name="work"/> into a phase.</summary>
    public async Task<T> TimeAsync<T>(string phase, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            Add(phase, clock.Elapsed);
        }
    }

    /// <summary>Counts everything added until disposed as <paramref name="phase"/>.</summary>
    public IDisposable During(string phase)
    {
        var outer = _attributeTo;
        _attributeTo = phase;
        return new Scope(() => _attributeTo = outer);
    }

    /// <summary>Runs a tier's work and counts its own time (its whole time less the builds, test runs and diagnosis it caused) as <paramref name="phase"/>.</summary>
    public async Task<T> ExclusiveAsync<T>(string phase, Func<Task<T>> work)
    {
        var before = Others(phase);
        var clock = Stopwatch.StartNew();
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            Add(phase, clock.Elapsed - (Others(phase) - before));
        }
    }

    /// <summary>Seconds per phase, every phase present, rounded to hundredths.</summary>
    public IReadOnlyDictionary<string, double> Seconds()
    {
        lock (_gate)
        {
            return Phases.ToDictionary(phase => phase, phase => Math.Round(_spent.GetValueOrDefault(phase).TotalSeconds, 2), StringComparer.Ordinal);
        }
    }

    private TimeSpan Others(string phase)
    {
        lock (_gate)
        {
            return _spent.Where(spent => spent.Key != phase).Aggregate(TimeSpan.Zero, (sum, spent) => sum + spent.Value);
        }
    }

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
