using System.Diagnostics;
using System.Text;

namespace CiAgent.Bench;

/// <summary>A line of output and when it arrived, in seconds since the process started.</summary>
/// <param name="Seconds">Seconds since start, at millisecond resolution (ciagent's own log stamps only whole seconds).</param>
/// <param name="Text">The line.</param>
public sealed record TimedLine(double Seconds, string Text);

/// <summary>What a finished process printed and how long it took.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="StartedAt">The <see cref="Stopwatch.GetTimestamp"/> at start, to place other events on the same clock.</param>
/// <param name="Lines">Standard output and error lines, stamped on arrival.</param>
public sealed record TimedRun(int ExitCode, double Seconds, long StartedAt, IReadOnlyList<TimedLine> Lines)
{
    /// <summary>The process's own peak resident memory in bytes, when it was followed (see <see cref="PeakMemory"/>).</summary>
    public long? PeakRssBytes { get; init; }

    /// <summary>Everything printed, one line each.</summary>
    public string Output => string.Join('\n', Lines.Select(l => l.Text));
}

/// <summary>Runs a process to completion, stamping each output line as it arrives.</summary>
public static class TimedProcess
{
    // CI variables of the machine running the benchmark must not change ciagent's defaults.
    private static readonly string[] Cleared =
    [
        "GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_EVENT_PATH", "RUNNER_TEMP",
        "TF_BUILD", "BUILD_SOURCESDIRECTORY", "AGENT_TEMPDIRECTORY",
        "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GITHUB_TOKEN", "CIAGENT_API_KEY",
    ];

    /// <summary>Runs the program with the arguments in the folder and waits for it, killing the tree after the timeout.</summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="environment">Variables added to the cleaned environment.</param>
    /// <param name="timeout">When the tree is killed; 10 minutes unless given.</param>
    /// <param name="followMemory">Whether to sample the process's own peak resident memory.</param>
    public static async Task<TimedRun> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, bool followMemory = false)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in Cleared)
        {
            info.Environment.Remove(name);
        }

        // Plain English, no colour, no first-run banner: output that parses the same on every machine.
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var lines = new List<TimedLine>();
        using var process = new Process { StartInfo = info };
        var started = Stopwatch.GetTimestamp();
        void Receive(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(new TimedLine(Stopwatch.GetElapsedTime(started).TotalSeconds, e.Data));
            }
        }

        process.OutputDataReceived += Receive;
        process.ErrorDataReceived += Receive;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var memory = followMemory ? PeakMemory.Follow(process) : null;
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // The parameterless wait drains the redirected streams, so no line is lost after exit.
        process.WaitForExit();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long? peak = null;
        if (memory is not null)
        {
            await memory.DisposeAsync();
            peak = memory.PeakBytes;
        }

        lock (lines)
        {
            return new TimedRun(process.ExitCode, seconds, started, [.. lines]) { PeakRssBytes = peak };
        }
    }
}
