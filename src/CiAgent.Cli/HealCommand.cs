using System.CommandLine;
using CiAgent.Kernel;
using CiAgent.Outputs.Hosts;
using CiAgent.Security;
using CiAgent.Settings;

namespace CiAgent.Cli;

/// <summary>`ciagent heal`: finds what is broken in the workspace and heals it.</summary>
internal sealed class HealCommand
{
    private readonly RunOptions _shared = new("a fix");
    private readonly Option<bool> _noTests = new("--no-tests") { Description = "Only the build must be green; do not run tests." };
    private readonly Option<bool> _allowTestEdits = new("--allow-test-edits") { Description = "Let the model edit test files (the integrity rules still apply)." };
    private readonly Option<string[]> _protectedPaths = new("--protected-paths") { Description = "Extra paths (globs, comma-separated or repeated) the model may read but never write.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int?> _flakeReruns = new("--flake-reruns") { Description = "How often failing tests are rerun before any edit, to tell flakes from real failures (default 2)." };

    // Accepted so command lines written before `ciagent implement` existed keep working; implementing a spec is its own command.
    private readonly Option<string> _mode = new("--mode") { Description = "Kept for compatibility; only heal is accepted (use 'ciagent implement' to implement a spec).", DefaultValueFactory = _ => "heal" };
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public HealCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        _mode.AcceptOnlyFromAmong("heal");
        var o = _shared;

        // The order is the help text's order, kept as it was before the shared options moved to RunOptions.
        Command = new Command("heal", "Heal the failing build and tests of a .NET workspace.")
        {
            o.Workspace, o.Target, o.Provider, o.Model, o.BaseUrl, o.Commit, o.Report, o.Out, _noTests, o.Timeout, o.AllowDirty,
            o.MaxModelCalls, o.MaxTokens, o.MaxCost, _allowTestEdits, _protectedPaths, _flakeReruns, o.Debug, _mode, o.Config,
        };
        Command.SetAction((result, cancellationToken) => RunAsync(result, cancellationToken));
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        RunSettings settings;
        var environment = CiHostDetector.ProcessEnvironment();
        try
        {
            settings = SettingsResolver.Resolve(Values(result), environment, Directory.GetCurrentDirectory());
        }
        catch (UsageException e)
        {
            await _error.WriteLineAsync($"ciagent: error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await HealSession.Create(settings, environment, _output, _error).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private CommandLineValues Values(ParseResult result) => _shared.Values(result) with
    {
        NoTests = result.GetValue(_noTests),
        AllowTestEdits = result.GetValue(_allowTestEdits),
        ProtectedPaths = result.GetValue(_protectedPaths) ?? [],
        FlakeReruns = result.GetValue(_flakeReruns),
    };
}
