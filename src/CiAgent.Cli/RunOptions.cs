using System.CommandLine;
using CiAgent.Settings;

namespace CiAgent.Cli;

/// <summary>The options `heal` and `implement` share, declared once so both commands spell, describe and validate them alike; each command makes its own instance.</summary>
internal sealed class RunOptions
{
    private static readonly string[] Providers = ["none", "openai", "azure-openai", "github-models", "anthropic"];
    private static readonly string[] CommitModes = ["none", "commit", "push", "pull-request"];

    /// <summary>Declares the shared options; <paramref name="result"/> names what --commit delivers ("a fix", "the implementation").</summary>
    public RunOptions(string result)
    {
        Commit = new("--commit") { Description = $"What to do with {result}: none, commit, push or pull-request.", DefaultValueFactory = _ => "none" };
        Provider.AcceptOnlyFromAmong(Providers);
        Commit.AcceptOnlyFromAmong(CommitModes);
    }

    /// <summary>--workspace.</summary>
    public Option<string?> Workspace { get; } = new("--workspace") { Description = "The workspace root. Default: $GITHUB_WORKSPACE, then $BUILD_SOURCESDIRECTORY, then the current directory." };

    /// <summary>--target.</summary>
    public Option<string?> Target { get; } = new("--target") { Description = "The solution or project to build, relative to the workspace. Default: the single one at the root." };

    /// <summary>--provider.</summary>
    public Option<string?> Provider { get; } = new("--provider") { Description = "The model provider: none, openai, azure-openai, github-models or anthropic. Default: chosen from the API keys present, else none." };

    /// <summary>--model.</summary>
    public Option<string?> Model { get; } = new("--model") { Description = "The model id." };

    /// <summary>--base-url.</summary>
    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "An OpenAI-compatible endpoint (Azure OpenAI v1, Ollama, vLLM, LM Studio, OpenRouter)." };

    /// <summary>--commit.</summary>
    public Option<string> Commit { get; }

    /// <summary>--report.</summary>
    public Option<string?> Report { get; } = new("--report") { Description = "Where to write the JSON report. Default: <out>/report.json." };

    /// <summary>--out.</summary>
    public Option<string?> Out { get; } = new("--out") { Description = "Output folder. Default: $RUNNER_TEMP/ciagent, $AGENT_TEMPDIRECTORY/ciagent, else .ciagent/ in the workspace." };

    /// <summary>--timeout, in minutes.</summary>
    public Option<double?> Timeout { get; } = new("--timeout") { Description = "The whole run's time limit in minutes (default 30)." };

    /// <summary>--allow-dirty.</summary>
    public Option<bool> AllowDirty { get; } = new("--allow-dirty") { Description = "Run on a working tree with uncommitted changes (they are preserved and never committed)." };

    /// <summary>--max-model-calls.</summary>
    public Option<int?> MaxModelCalls { get; } = new("--max-model-calls") { Description = "Model requests allowed (default 30)." };

    /// <summary>--max-tokens.</summary>
    public Option<long?> MaxTokens { get; } = new("--max-tokens") { Description = "Input plus output tokens allowed (default: no limit)." };

    /// <summary>--max-cost, in US dollars.</summary>
    public Option<decimal?> MaxCost { get; } = new("--max-cost") { Description = "Estimated model spend allowed, in US dollars (default 2.00)." };

    /// <summary>--debug.</summary>
    public Option<bool> Debug { get; } = new("--debug") { Description = "Log in detail." };

    /// <summary>--config.</summary>
    public Option<string?> Config { get; } = new("--config") { Description = "The configuration file. Default: .ciagent.yml at the workspace root, when present." };

    /// <summary>The shared options as typed; each command adds its own with a `with` expression.</summary>
    public CommandLineValues Values(ParseResult result) => new()
    {
        Workspace = result.GetValue(Workspace),
        Target = result.GetValue(Target),
        Provider = result.GetValue(Provider),
        Model = result.GetValue(Model),
        BaseUrl = result.GetValue(BaseUrl),
        Commit = result.GetValue(Commit),
        Report = result.GetValue(Report),
        Out = result.GetValue(Out),
        TimeoutMinutes = result.GetValue(Timeout),
        AllowDirty = result.GetValue(AllowDirty),
        MaxModelCalls = result.GetValue(MaxModelCalls),
        MaxTokens = result.GetValue(MaxTokens),
        MaxCostUsd = result.GetValue(MaxCost),
        Debug = result.GetValue(Debug),
        Config = result.GetValue(Config),
    };
}
