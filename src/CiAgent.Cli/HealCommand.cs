using System.Collections.Immutable;
using System.CommandLine;
using CiAgent.Kernel;
using CiAgent.Outputs.Hosts;
using CiAgent.Security;
using CiAgent.Settings;

namespace CiAgent.Cli;

/// <summary>`ciagent heal`: finds what is broken in the workspace and heals it.</summary>
internal sealed class HealCommand
{
    private static readonly string[] Providers = ["none", "openai", "azure-openai", "github-models", "anthropic"];
    private static readonly string[] CommitModes = ["none", "commit", "push", "pull-request"];

    private readonly Option<string?> _workspace = new("--workspace") { Description = "The workspace root. Default: $GITHUB_WORKSPACE, then $BUILD_SOURCESDIRECTORY, then the current directory." };
    private readonly Option<string?> _target = new("--target") { Description = "The solution or project to build, relative to the workspace. Default: the single one at the root." };
    private readonly Option<string?> _provider = new("--provider") { Description = "The model provider: none, openai, azure-openai, github-models or anthropic. Default: chosen from the API keys present, else none." };
    private readonly Option<string?> _model = new("--model") { Description = "The model id." };
    private readonly Option<string?> _baseUrl = new("--base-url") { Description = "An OpenAI-compatible endpoint (Azure OpenAI v1, Ollama, vLLM, LM Studio, OpenRouter)." };
    private readonly Option<string> _commit = new("--commit") { Description = "What to do with a fix: none, commit, push or pull-request.", DefaultValueFactory = _ => "none" };
    private readonly Option<string?> _report = new("--report") { Description = "Where to write the JSON report. Default: <out>/report.json." };
    private readonly Option<string?> _out = new("--out") { Description = "Output folder. Default: $RUNNER_TEMP/ciagent, $AGENT_TEMPDIRECTORY/ciagent, else .ciagent/ in the workspace." };
    private readonly Option<bool> _noTests = new("--no-tests") { Description = "Only the build must be green; do not run tests." };
    private readonly Option<double?> _timeout = new("--timeout") { Description = "The whole run's time limit in minutes (default 30)." };
    private readonly Option<bool> _allowDirty = new("--allow-dirty") { Description = "Run on a working tree with uncommitted changes (they are preserved and never committed)." };
    private readonly Option<int?> _maxModelCalls = new("--max-model-calls") { Description = "Model requests allowed (default 30)." };
    private readonly Option<long?> _maxTokens = new("--max-tokens") { Description = "Input plus output tokens allowed (default: no limit)." };
    private readonly Option<decimal?> _maxCost = new("--max-cost") { Description = "Estimated model spend allowed, in US dollars (default 2.00)." };
    private readonly Option<bool> _allowTestEdits = new("--allow-test-edits") { Description = "Let the model edit test files (the integrity rules still apply)." };
    private readonly Option<string[]> _protectedPaths = new("--protected-paths") { Description = "Extra paths (globs, comma-separated or repeated) the model may read but never write.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int?> _flakeReruns = new("--flake-reruns") { Description = "How often failing tests are rerun before any edit, to tell flakes from real failures (default 2)." };
    private readonly Option<bool> _debug = new("--debug") { Description = "Log in detail." };
    private readonly Option<string> _mode = new("--mode") { Description = "What to do: heal (the only mode so far; implementing a written spec is planned).", DefaultValueFactory = _ => "heal" };
    private readonly Option<string?> _config = new("--config") { Description = "The configuration file. Default: .ciagent.yml at the workspace root, when present." };
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public HealCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        _provider.AcceptOnlyFromAmong(Providers);
        _commit.AcceptOnlyFromAmong(CommitModes);
        _mode.AcceptOnlyFromAmong("heal");
        Command = new Command("heal", "Heal the failing build and tests of a .NET workspace.")
        {
            _workspace, _target, _provider, _model, _baseUrl, _commit, _report, _out, _noTests, _timeout, _allowDirty,
            _maxModelCalls, _maxTokens, _maxCost, _allowTestEdits, _protectedPaths, _flakeReruns, _debug, _mode, _config,
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

        return await new HealSession(settings, environment, _output, _error).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private CommandLineValues Values(ParseResult result) => new()
    {
        Workspace = result.GetValue(_workspace),
        Target = result.GetValue(_target),
        Provider = result.GetValue(_provider),
        Model = result.GetValue(_model),
        BaseUrl = result.GetValue(_baseUrl),
        Commit = result.GetValue(_commit),
        Report = result.GetValue(_report),
        Out = result.GetValue(_out),
        NoTests = result.GetValue(_noTests),
        TimeoutMinutes = result.GetValue(_timeout),
        AllowDirty = result.GetValue(_allowDirty),
        MaxModelCalls = result.GetValue(_maxModelCalls),
        MaxTokens = result.GetValue(_maxTokens),
        MaxCostUsd = result.GetValue(_maxCost),
        AllowTestEdits = result.GetValue(_allowTestEdits),
        ProtectedPaths = result.GetValue(_protectedPaths) ?? [],
        FlakeReruns = result.GetValue(_flakeReruns),
        Debug = result.GetValue(_debug),
        Config = result.GetValue(_config),
    };
}
