using System.ComponentModel;
using System.Diagnostics;

namespace CiAgent.Processes;

/// <summary>Runs one <see cref="Command"/>: starts it, pumps its streams, enforces the timeout and kills the whole tree on the way out.</summary>
internal static class CommandExecution
{
    // A process can exit while a grandchild it spawned (a build server, say) still holds our pipes open;
    // past this grace the pumps are abandoned rather than waiting on a process we never started.
    private static readonly TimeSpan StreamDrainGrace = TimeSpan.FromSeconds(2);

    public static async Task<CommandResult> RunAsync(Command command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = CreateStartInfo(command) };
        var stdout = new BoundedText(command.OutputLimit);
        var stderr = new BoundedText(command.OutputLimit);
        var stopwatch = Stopwatch.StartNew();

        try
        {
            if (!process.Start())
            {
                throw new CommandStartException($"Could not start '{command.TargetFile}'.");
            }
        }
        catch (Win32Exception e)
        {
            throw new CommandStartException(
                $"Could not start '{command.TargetFile}': {e.Message}. Check that it is installed and on PATH.", e);
        }

        process.StandardInput.Close();
        var stdoutPump = PumpAsync(process.StandardOutput, stdout, command.StandardOutputLine);
        var stderrPump = PumpAsync(process.StandardError, stderr, command.StandardErrorLine);

        using var timeout = command.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            timedOut = !cancellationToken.IsCancellationRequested;
            if (!timedOut)
            {
                await WaitBrieflyAsync(Task.WhenAll(stdoutPump, stderrPump)).ConfigureAwait(false);
                throw new OperationCanceledException($"'{command}' was cancelled; its process tree was killed.", cancellationToken);
            }

            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        await WaitBrieflyAsync(Task.WhenAll(stdoutPump, stderrPump)).ConfigureAwait(false);
        stopwatch.Stop();
        if (timedOut)
        {
            stderr.AppendLine($"ciagent: '{Path.GetFileName(command.TargetFile)}' passed its timeout of {command.Timeout} and was killed with its child processes.");
        }

        return new CommandResult(
            timedOut ? -1 : process.ExitCode,
            stdout.ToString(),
            stderr.ToString(),
            stopwatch.Elapsed,
            timedOut,
            stdout.Truncated || stderr.Truncated);
    }

    private static ProcessStartInfo CreateStartInfo(Command command)
    {
        var info = new ProcessStartInfo(command.TargetFile)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.EnvironmentVariables)
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

        return info;
    }

    private static async Task PumpAsync(StreamReader reader, BoundedText sink, Action<string>? onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            sink.AppendLine(line);
            onLine?.Invoke(line);
        }
    }

    private static async Task WaitBrieflyAsync(Task pumps)
    {
        try
        {
            await pumps.WaitAsync(StreamDrainGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A detached grandchild still holds the pipe; what was read so far is what we report.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
    }
}
