using System.Diagnostics;

namespace CiAgent.Bench;

/// <summary>Follows one running process's peak resident memory (VmHWM in /proc), its own only: children such as dotnet build are separate processes.</summary>
/// <remarks>
/// VmHWM is the kernel's high-water mark, so sampling it is exact except for a peak reached in the last interval before exit,
/// when /proc/&lt;pid&gt; is already gone. wait4's rusage would be exact but adds the waited-for children (the builds), which is not CiAgent's memory.
/// </remarks>
public sealed class PeakMemory : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakBytes;

    private PeakMemory(int processId) => _sampling = SampleAsync($"/proc/{processId}/status");

    /// <summary>The highest VmHWM read so far, in bytes; null where /proc is missing (not Linux) or nothing was read.</summary>
    public long? PeakBytes => Interlocked.Read(ref _peakBytes) is > 0 and var peak ? peak : null;

    /// <summary>Starts following a process that has just started.</summary>
    public static PeakMemory Follow(Process process) => new(process.Id);

    /// <summary>Reads VmHWM once more (the process may still be there) and stops sampling.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync(string status)
    {
        while (!_stop.IsCancellationRequested)
        {
            Read(status);
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Read(status);
    }

    private void Read(string status)
    {
        try
        {
            foreach (var line in File.ReadLines(status))
            {
                // "VmHWM:    123456 kB"
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], out var kilobytes))
                {
                    var bytes = kilobytes * 1024;
                    if (bytes > Interlocked.Read(ref _peakBytes))
                    {
                        Interlocked.Exchange(ref _peakBytes, bytes);
                    }

                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process has exited (its /proc entry is gone) or this is not Linux: keep the last reading.
        }
    }
}
