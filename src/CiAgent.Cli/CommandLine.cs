using System.CommandLine;
using CiAgent.Kernel;

namespace CiAgent.Cli;

/// <summary>The ciagent command tree: parses once, maps parse errors to exit code 2 in one line, and runs the chosen command.</summary>
public static class CommandLine
{
    /// <summary>Parses and runs the command line.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("CiAgent heals failing .NET builds and tests in CI (deterministic Roslyn fixes first, then a language model, verified by the real build) and implements written specs test-first.");
        var heal = new HealCommand(output, error);
        var demo = new DemoCommand(output, error);
        root.Subcommands.Add(heal.Command);
        root.Subcommands.Add(new ImplementCommand(output, error).Command);
        root.Subcommands.Add(demo.Command);
        root.Subcommands.Add(new ActionCommand(output, error).Command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var help = $"ciagent {(parsed.CommandResult.Command == root ? "" : parsed.CommandResult.Command.Name + " ")}--help";
            await error.WriteLineAsync($"ciagent: error: {JoinLines(parsed.Errors[0].Message)} (see '{help}')").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        using var stop = new TerminationSignal(cancellationToken);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, Output = output, Error = error, EnableDefaultExceptionHandler = false }, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The last line of defence: a fault is exit 3 with what happened, never a bare stack trace and exit 1.
            await error.WriteLineAsync($"ciagent: internal error: {JoinLines(e.Message)} ({e.GetType().Name})").ConfigureAwait(false);
            return ExitCodes.InfrastructureFailure;
        }
    }

    // System.CommandLine lists allowed values on separate lines; CI logs and our contract want one.
    private static string JoinLines(string message) =>
        string.Join(", ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Replace(":, ", ": ", StringComparison.Ordinal);
}
