using System.Diagnostics;
using System.Text;
using CiAgent.Processes;
using CiAgent.Tests.EndToEnd;

namespace CiAgent.Tests.Guardrails;

/// <summary>The real ciagent executable as a live child process: its PID, its lines as they arrive, signals, its descendants and its peak memory.</summary>
/// <remarks>CiAgentExecutable runs ciagent to completion; guardrail tests need to act on it while it runs, so this one drives <see cref="Process"/> directly.</remarks>
internal sealed class CiAgentProcess : IDisposable
{
    private const int KeptCharacters = 1024 * 1024;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<string> _outputLines = [];
    private readonly Lock _gate = new();
    private Task _memorySampler = Task.CompletedTask;
    private long _peakResidentKb;

    private CiAgentProcess(Process process, string outputDirectory)
    {
        _process = process;
        OutputDirectory = outputDirectory;
    }

    /// <summary>The ciagent process id.</summary>
    public int Id => _process.Id;

    /// <summary>The --out folder of the run.</summary>
    public string OutputDirectory { get; }

    /// <summary>The highest resident set size (VmHWM) seen while it ran, in kB.</summary>
    public long PeakResidentKb => Interlocked.Read(ref _peakResidentKb);

    /// <summary>Standard output lines so far, in order.</summary>
    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _outputLines];
            }
        }
    }

    /// <summary>Starts `dotnet exec ciagent.dll` with the CI and key variables of this machine cleared and --out pointed at a fresh temp folder.</summary>
    public static CiAgentProcess Start(string workspace, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var outDirectory = Path.Combine(Path.GetTempPath(), "ciagent-guard-out", Guid.NewGuid().ToString("N")[..8]);
        // A shell starts a background job with SIGINT ignored, and .NET keeps an inherited SIG_IGN: a suite launched with `&` would
        // hand ciagent a deaf ear. env resets it to the default and execs dotnet in place, so the PID stays ciagent's.
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--default-signal=INT", "dotnet", "exec", CiAgentExecutable.ExecutablePath, .. arguments, "--out", outDirectory])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in CiAgentExecutable.Cleared)
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in CiAgentExecutable.Launcher.Concat(environment ?? new Dictionary<string, string?>()))
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var run = new CiAgentProcess(process, outDirectory);
        process.OutputDataReceived += (_, e) => run.Append(e.Data, run._output, run._outputLines);
        process.ErrorDataReceived += (_, e) => run.Append(e.Data, run._error, null);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        run._memorySampler = Task.Run(run.SampleMemoryAsync);
        return run;
    }

    /// <summary>Waits until a line of standard output matches, failing the test with what was printed if none does in time.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (OutputLines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            Assert.False(_process.HasExited, $"ciagent exited before the awaited line.\n{Describe()}");
            await Task.Delay(100);
        }

        Assert.Fail($"No matching line within {timeout}.\n{Describe()}");
        return "";
    }

    /// <summary>Waits until some descendant process satisfies the condition (e.g. the build's `sleep` has started).</summary>
    public async Task<ProcessTree.Entry> WaitForDescendantAsync(Func<ProcessTree.Entry, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (ProcessTree.DescendantsOf(Id).FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            Assert.False(_process.HasExited, $"ciagent exited before the awaited child process started.\n{Describe()}");
            await Task.Delay(200);
        }

        Assert.Fail($"No matching child process within {timeout}.\n{Describe()}");
        return default;
    }

    /// <summary>Sends a signal the way CI does, with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        var kill = await new CiAgent.Processes.ExternalCommand("kill").WithArguments("-s", signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExecuteAsync();
        Assert.True(kill.Succeeded, $"kill -s {signal} {Id} failed: {kill.StandardError}");
    }

    /// <summary>Waits for the exit; past the timeout the process tree is killed and the test fails.</summary>
    public async Task<CiAgentRun> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"ciagent did not exit within {timeout}.\n{Describe()}");
        }

        // The asynchronous readers may still hold the last lines; WaitForExit() without a timeout drains them.
        _process.WaitForExit();
        await _memorySampler;
        lock (_gate)
        {
            return new CiAgentRun(_process.ExitCode, _output.ToString(), _error.ToString(), OutputDirectory);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private string Describe()
    {
        lock (_gate)
        {
            return $"--- stdout\n{_output}\n--- stderr\n{_error}";
        }
    }

    private void Append(string? line, StringBuilder sink, List<string>? lines)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (sink.Length < KeptCharacters)
            {
                sink.Append(line).Append('\n');
            }

            lines?.Add(line);
        }
    }

    private async Task SampleMemoryAsync()
    {
        // VmHWM is the kernel's own high-water mark of the resident set, so sampling only has to catch the process alive.
        while (true)
        {
            try
            {
                if (_process.HasExited)
                {
                    return;
                }

                foreach (var line in await File.ReadAllLinesAsync($"/proc/{_process.Id}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                        Interlocked.Exchange(ref _peakResidentKb, Math.Max(PeakResidentKb, kb));
                    }
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                return;
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>Reads the process table from /proc: who is whose child, and whether a process seen earlier is still the same live process.</summary>
internal static class ProcessTree
{
    /// <summary>One process: id, parent, command name and start time (which tells a reused pid from the original).</summary>
    public readonly record struct Entry(int Pid, int ParentPid, string Name, long StartTime, char State)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Pid} {Name} ({State})";
    }

    /// <summary>Every live process's entry.</summary>
    public static IReadOnlyList<Entry> All()
    {
        var entries = new List<Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Read(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>The children, grandchildren and so on of a process, as they are now.</summary>
    public static IReadOnlyList<Entry> DescendantsOf(int pid)
    {
        var byParent = All().ToLookup(e => e.ParentPid);
        var found = new List<Entry>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in byParent[parent])
            {
                found.Add(child);
                queue.Enqueue(child.Pid);
            }
        }

        return found;
    }

    /// <summary>True when the process seen earlier is still running (not a zombie, not a new process that reused its pid).</summary>
    public static bool IsAlive(Entry seen) =>
        Read(seen.Pid) is { } now && now.StartTime == seen.StartTime && now.State is not ('Z' or 'X');

    private static Entry? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name is in parentheses and may itself hold spaces or parentheses: split after the last ')'.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return new Entry(pid, int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), stat[(open + 1)..close], long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture), fields[0][0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
