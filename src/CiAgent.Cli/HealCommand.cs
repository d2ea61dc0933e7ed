using System.CommandLine;
using CiAgent.Healing;

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
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public HealCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        _provider.AcceptOnlyFromAmong(Providers);
        _commit.AcceptOnlyFromAmong(CommitModes);
        Command = new Command("heal", "Heal the failing build and tests of a .NET workspace.")
        {
            _workspace, _target, _provider, _model, _baseUrl, _commit, _report, _out, _noTests, _timeout, _allowDirty,
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

        var timeout = result.GetValue(_timeout);
        if (timeout is { } minutes && (minutes <= 0 || double.IsNaN(minutes) || double.IsInfinity(minutes)))
        {
            throw new UsageException($"--timeout must be a positive number of minutes, not {minutes}.");
        }

        var baseUrl = result.GetValue(_baseUrl);
        Uri? uri = null;
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new UsageException($"--base-url '{baseUrl}' is not an http or https URL.");
        }

        var provider = result.GetValue(_provider);
        return new HealOptions
        {
            Workspace = workspace,
            Target = result.GetValue(_target),
            Provider = provider ?? "none",
            ProviderExplicit = provider is not null,
            Model = result.GetValue(_model),
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
            AllowDirty = result.GetValue(_allowDirty),
        };
    }

    private static bool IsInside(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
