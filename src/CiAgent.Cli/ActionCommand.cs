using System.CommandLine;
using CiAgent.Kernel;
using CiAgent.Outputs.Hosts;

namespace CiAgent.Cli;

/// <summary>`ciagent action`: the docker action's entry point, which turns INPUT_* variables into a `ciagent heal` or `ciagent implement` command line.</summary>
internal sealed class ActionCommand
{
    public ActionCommand(TextWriter output, TextWriter error)
    {
        Command = new Command("action", "Run as the GitHub docker action: read the action's INPUT_* variables and heal or implement.") { Hidden = true };
        Command.SetAction(async (_, cancellationToken) =>
        {
            string[] arguments;
            try
            {
                arguments = GitHubActionInputs.ToArguments(CiHostDetector.ProcessEnvironment());
            }
            catch (ActionInputException e)
            {
                // An ::error line puts the bad input on the run's page, not only in the log.
                await output.WriteLineAsync($"::error title=ciagent input::{e.Message.Replace("%", "%25", StringComparison.Ordinal).ReplaceLineEndings("%0A")}").ConfigureAwait(false);
                await error.WriteLineAsync($"ciagent: error: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            return await CommandLine.InvokeAsync(arguments, output, error, cancellationToken).ConfigureAwait(false);
        });
    }

    public Command Command { get; }
}
