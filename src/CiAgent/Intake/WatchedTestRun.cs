using System.Diagnostics;
using System.Text.RegularExpressions;
using CiAgent.Processes;

namespace CiAgent.Intake;

/// <summary>A <c>dotnet test</c> process whose output lines are read as they come: each finished test is noted, and a run where none finishes for the hang timeout is killed.</summary>
/// <param name="Run">What the process returned; when the watchdog killed it, what it had printed by then.</param>
/// <param name="Output">Its standard output and error.</param>
/// <param name="Hung">True when the watchdog killed it.</param>
/// <param name="Finished">The tests it reported finished, by the name its runner prints.</param>
internal sealed record WatchedTestRun(CommandResult Run, string Output, bool Hung, HashSet<string> Finished)
{
    /// <summary>Runs the command; with a hang timeout, kills it once no test has finished for that long (plus a start-up grace until one does).</summary>
    /// <param name="command">The <c>dotnet test</c> command, without line handlers.</param>
    /// <param name="hangTimeout">How long the run may go without a test finishing; null to never kill it for that.</param>
    /// <param name="finishedLine">Matches a line that reports a finished test, with its name in the group <c>name</c>.</param>
    /// <param name="outputLimit">The most output kept while watching.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<WatchedTestRun> ExecuteAsync(
        ExternalCommand command, TimeSpan? hangTimeout, Regex finishedLine, int outputLimit, CancellationToken cancellationToken)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var outputSeen = new BoundedText(outputLimit);
        var lastProgress = Stopwatch.StartNew();
        var gate = new object();
        void OnLine(string line)
        {
            lock (gate)
            {
                outputSeen.AppendLine(line);
                lastProgress.Restart();
                if (finishedLine.Match(line) is { Success: true } match)
                {
                    finished.Add(match.Groups["name"].Value);
                }
            }
        }

        command = command.WithStandardOutputLine(OnLine).WithStandardErrorLine(OnLine);
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchdogStop = new CancellationTokenSource();
        var watching = hangTimeout is { } timeout
            ? HangWatchdog.WatchAsync(timeout, lastProgress, () => finished.Count > 0, gate, watchdog, watchdogStop.Token)
            : Task.CompletedTask;

        var started = Stopwatch.StartNew();
        try
        {
            var run = await command.ExecuteAsync(watchdog.Token).ConfigureAwait(false);
            var output = run.StandardError.Length == 0 ? run.StandardOutput : run.StandardOutput + run.StandardError;
            return new WatchedTestRun(run, output, Hung: false, finished);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && watchdog.IsCancellationRequested)
        {
            string seen;
            lock (gate)
            {
                seen = outputSeen.ToString() + $"ciagent: no test finished within the hang timeout of {hangTimeout}; the test run was killed.\n";
            }

            return new WatchedTestRun(new CommandResult(-1, seen, "", started.Elapsed, TimedOut: true, OutputTruncated: outputSeen.Truncated), seen, Hung: true, finished);
        }
        finally
        {
            await watchdogStop.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
        }
    }
}
