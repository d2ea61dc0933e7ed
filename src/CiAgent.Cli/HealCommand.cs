using System.CommandLine;
using System.Collections.Immutable;
using CiAgent.Configuration;
using CiAgent.Healing;
using CiAgent.Models;
using CiAgent.Policy;
using CiAgent.Strategies.Agent;

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
        HealOptions options;
        try
        {
            options = Bind(result, new EnvironmentReader());
        }
        catch (UsageException e)
        {
            await _error.WriteLineAsync($"ciagent: error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await new HealSession(options, _output, _error).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private HealOptions Bind(ParseResult result, EnvironmentReader environment)
    {
        var workspace = Path.GetFullPath(result.GetValue(_workspace)
            ?? environment.Get("GITHUB_WORKSPACE")
            ?? environment.Get("BUILD_SOURCESDIRECTORY")
            ?? Directory.GetCurrentDirectory());

        var outDirectory = result.GetValue(_out) is { } explicitOut ? Path.GetFullPath(explicitOut)
            : environment.Get("RUNNER_TEMP") is { } runnerTemp ? Path.Combine(runnerTemp, "ciagent")
            : environment.Get("AGENT_TEMPDIRECTORY") is { } agentTemp ? Path.Combine(agentTemp, "ciagent")
            : Path.Combine(workspace, ".ciagent");

        var config = ReadConfig(result.GetValue(_config), workspace);
        var timeout = result.GetValue(_timeout) ?? config?.Limits.TimeoutMinutes;
        if (timeout is { } minutes && (minutes <= 0 || double.IsNaN(minutes) || double.IsInfinity(minutes)))
        {
            throw new UsageException($"--timeout must be a positive number of minutes, not {minutes}.");
        }

        var baseUrl = result.GetValue(_baseUrl) ?? config?.BaseUrl?.ToString();
        Uri? uri = null;
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new UsageException($"--base-url '{baseUrl}' is not an http or https URL.");
        }

        var limits = new AgentLimits
        {
            MaxModelCalls = config?.Limits.MaxModelCalls ?? new AgentLimits().MaxModelCalls,
            MaxTokens = config?.Limits.MaxTokens,
            MaxCostUsd = config?.Limits.MaxCostUsd ?? new AgentLimits().MaxCostUsd,
        };
        if (result.GetValue(_maxModelCalls) is { } calls)
        {
            limits = calls > 0 ? limits with { MaxModelCalls = calls } : throw new UsageException($"--max-model-calls must be a positive whole number, not {calls}.");
        }

        if (result.GetValue(_maxTokens) is { } tokens)
        {
            limits = tokens > 0 ? limits with { MaxTokens = tokens } : throw new UsageException($"--max-tokens must be a positive whole number, not {tokens}.");
        }

        if (result.GetValue(_maxCost) is { } cost)
        {
            limits = cost > 0 ? limits with { MaxCostUsd = cost } : throw new UsageException($"--max-cost must be a positive number of US dollars, not {cost}.");
        }

        var reruns = result.GetValue(_flakeReruns);
        if (reruns is < 0)
        {
            throw new UsageException($"--flake-reruns must be zero or more, not {reruns}.");
        }

        var provider = result.GetValue(_provider) ?? config?.Provider;
        var extraProtected = (result.GetValue(_protectedPaths) ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var allowTestEdits = result.GetValue(_allowTestEdits) || config?.Policy.AllowTestEdits == true;
        var integrity = IntegrityPolicyOptions.FromConfig(config?.Policy);
        // --allow-test-edits lets the model correct a wrong test; it never lets a fix remove, skip or weaken one, so the test rules stay on.
        integrity = integrity with { ProtectedPaths = [.. integrity.ProtectedPaths.Concat(extraProtected).Distinct()] };
        return new HealOptions
        {
            Workspace = workspace,
            Target = result.GetValue(_target),
            Provider = provider ?? "none",
            ProviderExplicit = provider is not null,
            Model = result.GetValue(_model) ?? config?.Model,
            BaseUrl = uri,
            Commit = result.GetValue(_commit) switch
            {
                "commit" => CommitMode.Commit,
                "push" => CommitMode.Push,
                "pull-request" => CommitMode.PullRequest,
                _ => CommitMode.None,
            },
            ReportPath = result.GetValue(_report) is { } report ? Path.GetFullPath(report) : null,
            OutputDirectory = outDirectory,
            OutputInsideWorkspace = IsInside(outDirectory, workspace),
            NoTests = result.GetValue(_noTests),
            Timeout = TimeSpan.FromMinutes(timeout ?? 30),
            ModelRequestTimeout = config?.Limits.RequestTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            AllowDirty = result.GetValue(_allowDirty),
            Limits = limits,
            AllowTestEdits = allowTestEdits,
            ProtectedPaths = [.. (config?.Policy.ProtectedPaths ?? []).Where(p => !p.StartsWith('!')).Concat(extraProtected).Distinct()],
            Integrity = integrity,
            Prices = config?.Prices ?? ImmutableDictionary<string, ModelPrice>.Empty,
            FlakeReruns = reruns ?? 2,
            Debug = result.GetValue(_debug),
            ConfigPath = result.GetValue(_config) is { } configPath ? Path.GetFullPath(configPath) : null,
        };
    }

    private static CiAgentConfig? ReadConfig(string? explicitPath, string workspace)
    {
        try
        {
            if (explicitPath is null)
            {
                return Directory.Exists(workspace) ? CiAgentConfigReader.Read(workspace) : null;
            }

            var path = Path.GetFullPath(explicitPath);
            return File.Exists(path)
                ? CiAgentConfigReader.Parse(File.ReadAllText(path))
                : throw new UsageException($"--config '{explicitPath}' does not exist.");
        }
        catch (ConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The configuration file could not be read: {e.Message}");
        }
    }

    private static bool IsInside(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
