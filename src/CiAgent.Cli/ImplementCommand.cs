using System.CommandLine;
using CiAgent.Kernel;
using CiAgent.Models;
using CiAgent.Models.Pipeline;
using CiAgent.Outputs.Hosts;
using CiAgent.Settings;
using CiAgent.Specs;

namespace CiAgent.Cli;

/// <summary>`ciagent implement`: implements a written spec test-first through the planner, tester, coder and reviewer roles.</summary>
internal sealed class ImplementCommand
{
    private const string SpecNeeded = "implement needs --spec PATH (a Markdown file or a Spec Kit, OpenSpec or Kiro folder) or --spec-event FILE.";
    private const string ProviderNeeded = "implement needs a model provider; pass --provider and set its API key (see 'ciagent implement --help').";

    private readonly RunOptions _shared = new("the implementation");
    private readonly Option<string?> _spec = new("--spec") { Description = "The spec to implement: a Markdown file or a Spec Kit, OpenSpec or Kiro folder, relative to the workspace." };
    private readonly Option<string?> _specEvent = new("--spec-event") { Description = "A GitHub event payload (such as $GITHUB_EVENT_PATH) whose issue is the spec; instead of --spec." };
    private readonly Option<int?> _maxReviewRounds = new("--max-review-rounds") { Description = "How often a rejected review sends the change back to a fresh coder (default 2)." };
    private readonly Option<string?> _onAmbiguity = new("--on-ambiguity") { Description = "When the spec is ambiguous: assume (record the questions and the assumptions, and go on) or ask (stop before writing anything). Default: assume." };
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public ImplementCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        _onAmbiguity.AcceptOnlyFromAmong("assume", "ask");
        var o = _shared;
        Command = new Command("implement", "Implement a written spec test-first: plan it, write failing tests, make them pass, and have the change reviewed.")
        {
            _spec, _specEvent, o.Workspace, o.Target, o.Provider, o.Model, o.BaseUrl, o.Commit, o.Out, o.Report,
            o.MaxModelCalls, o.MaxTokens, o.MaxCost, o.Timeout, _maxReviewRounds, _onAmbiguity, o.AllowDirty, o.Config, o.Debug,
        };
        Command.SetAction((result, cancellationToken) => RunAsync(result, cancellationToken));
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var values = Values(result);

        // Checked here rather than as a parse error: the message must say what a spec can be, without the generic help suffix.
        if (values.Spec is null == values.SpecEvent is null)
        {
            return await RefuseAsync(SpecNeeded).ConfigureAwait(false);
        }

        RunSettings settings;
        var environment = CiHostDetector.ProcessEnvironment();
        try
        {
            settings = SettingsResolver.Resolve(values, environment, Directory.GetCurrentDirectory());
        }
        catch (UsageException e)
        {
            return await RefuseAsync(e.Message).ConfigureAwait(false);
        }

        // Heal has offline tiers to fall back on; implementing has none, so no provider is bad input before anything is touched.
        var provider = settings.Model.ProviderExplicit ? settings.Model.Provider : ModelClientFactory.InferProvider(environment);
        if (provider == ModelProviders.None)
        {
            return await RefuseAsync(ProviderNeeded).ConfigureAwait(false);
        }

        return await ImplementSession.Create(settings, environment, _output, _error).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> RefuseAsync(string message)
    {
        await _error.WriteLineAsync($"ciagent: error: {message}").ConfigureAwait(false);
        return ExitCodes.BadInput;
    }

    private CommandLineValues Values(ParseResult result) => _shared.Values(result) with
    {
        Spec = result.GetValue(_spec) is { Length: > 0 } spec ? spec : null,
        SpecEvent = result.GetValue(_specEvent) is { Length: > 0 } specEvent ? specEvent : null,
        MaxReviewRounds = result.GetValue(_maxReviewRounds),
        OnAmbiguity = result.GetValue(_onAmbiguity),
    };
}
