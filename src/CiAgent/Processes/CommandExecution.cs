using System.ComponentModel;
using System.Diagnostics;
using CliWrap;

namespace CiAgent.Processes;

/// <summary>Runs one <see cref="ExternalCommand"/> through CliWrap: starts it, pipes its streams into bounded text, enforces the timeout and kills the whole tree on the way out.</summary>
internal static class CommandExecution
{
    // A process can exit while a grandchild it spawned (a background job, a server) still holds our pipes open,
    // and CliWrap would wait for that grandchild; past this grace the pipes are abandoned instead.
    private static readonly TimeSpan StreamDrainGrace = TimeSpan.FromSeconds(2);

    public static async Task<CommandResult> RunAsync(ExternalCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var abandonPipes = new CancellationTokenSource();
        var stdout = new BoundedLineTarget(command.OutputLimit, command.StandardOutputLine, abandonPipes.Token);
        var stderr = new BoundedLineTarget(command.OutputLimit, command.StandardErrorLine, abandonPipes.Token);

        using var timeout = command.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stopwatch = Stopwatch.StartNew();
        int exitCode;
        try
        {
            // Forceful cancellation is CliWrap's Process.Kill(entireProcessTree: true): the timeout and the
            // caller's token both take the whole tree down, not just the program we started.
            var result = await Start(Wrap(command, stdout, stderr), command, () => OnExit(timeout, abandonPipes), kill.Token).ConfigureAwait(false);
            exitCode = result.ExitCode;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && kill.IsCancellationRequested)
        {
            // TimeoutException is CliWrap saying the killed process did not exit within its own wait; either
            // way the tree has been told to die and nothing more will come of waiting.
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"'{command}' was cancelled; its process tree was killed.", e, cancellationToken);
            }

            stopwatch.Stop();
            stderr.AppendLine($"ciagent: '{Path.GetFileName(command.TargetFile)}' passed its timeout of {command.Timeout} and was killed with its child processes.");
            return Result(-1, stdout, stderr, stopwatch.Elapsed, timedOut: true);
        }

        stopwatch.Stop();
        return Result(exitCode, stdout, stderr, stopwatch.Elapsed, timedOut: false);
    }

    private static CliWrap.Command Wrap(ExternalCommand command, BoundedLineTarget stdout, BoundedLineTarget stderr) =>
        Cli.Wrap(command.TargetFile)
            // Each argument is escaped by CliWrap and split back by the runtime exactly as written; no shell sees them.
            .WithArguments(command.Arguments)
            .WithWorkingDirectory(command.WorkingDirectory)
            // A null value removes the variable, as our ExternalCommand promises.
            .WithEnvironmentVariables(command.EnvironmentVariables)
            // A failing build is an answer, not an error: callers read the exit code.
            .WithValidation(CommandResultValidation.None)
            // Nothing to give: the child sees its standard input closed at once, so a prompt cannot hang the run.
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(stdout)
            .WithStandardErrorPipe(stderr);

    private static CommandTask<CliWrap.CommandResult> Start(
        CliWrap.Command wrapped, ExternalCommand command, Action onExit, CancellationToken kill)
    {
        try
        {
            // The process handle is taken only to learn when the program exits, which CliWrap does not report
            // until the pipes close; from then on the pipes get the grace and no more.
            return wrapped.ExecuteAsync(
                null,
                process => _ = process.WaitForExitAsync().ContinueWith(_ => onExit(), TaskScheduler.Default),
                kill,
                CancellationToken.None);
        }
        catch (Win32Exception e)
        {
            throw new CommandStartException(
                $"Could not start '{command.TargetFile}': {e.InnerException?.Message ?? e.Message}. Check that it is installed and on PATH.", e);
        }
        catch (InvalidOperationException e)
        {
            throw new CommandStartException($"Could not start '{command.TargetFile}': {e.Message}", e);
        }
    }

    private static void OnExit(CancellationTokenSource timeout, CancellationTokenSource abandonPipes)
    {
        try
        {
            // The program finished by itself: a timeout passing while held pipes drain must not turn its exit
            // code into a kill, as CliWrap would report any forceful cancellation that comes before the pipes close.
            timeout.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
            abandonPipes.CancelAfter(StreamDrainGrace);
        }
        catch (ObjectDisposedException)
        {
            // The run already finished (both pipes closed with the exit); there is nothing left to stop.
        }
    }

    private static CommandResult Result(int exitCode, BoundedLineTarget stdout, BoundedLineTarget stderr, TimeSpan duration, bool timedOut) =>
        new(exitCode, stdout.ToString(), stderr.ToString(), duration, timedOut, stdout.Truncated || stderr.Truncated);
}
