using System.Collections.Immutable;
using CiAgent.Configuration;
using CiAgent.Kernel;
using CiAgent.Models;
using CiAgent.Policy;
using CiAgent.Security;
using CiAgent.Specs;
using CiAgent.Strategies.Agent;

namespace CiAgent.Settings;

/// <summary>The composition root's first step: turns the command line, the environment and .ciagent.yml into one validated <see cref="RunSettings"/>, with every bad-input message in one place.</summary>
public static class SettingsResolver
{
    /// <summary>Resolves the settings; the command line wins over .ciagent.yml, which wins over the defaults.</summary>
    /// <exception cref="UsageException">A value is out of range, a file is missing, or .ciagent.yml is invalid; the message is the one line to show.</exception>
    public static RunSettings Resolve(CommandLineValues line, IReadOnlyDictionary<string, string?> environment, string currentDirectory)
    {
        string? Env(string name) => environment.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;

        var workspace = Path.GetFullPath(line.Workspace ?? Env("GITHUB_WORKSPACE") ?? Env("BUILD_SOURCESDIRECTORY") ?? currentDirectory, currentDirectory);
        var outDirectory = line.Out is { } explicitOut ? Path.GetFullPath(explicitOut, currentDirectory)
            : Env("RUNNER_TEMP") is { } runnerTemp ? Path.Combine(runnerTemp, "ciagent")
            : Env("AGENT_TEMPDIRECTORY") is { } agentTemp ? Path.Combine(agentTemp, "ciagent")
            : Path.Combine(workspace, ".ciagent");

        var config = ReadConfig(line.Config, workspace, currentDirectory);
        var provider = line.Provider ?? config?.Provider;
        var extraProtected = line.ProtectedPaths
            .SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        var policy = IntegrityPolicyOptions.FromConfig(config?.Policy);
        return new RunSettings
        {
            Workspace = workspace,
            Target = line.Target,
            NoTests = line.NoTests,
            AllowDirty = line.AllowDirty,
            Debug = line.Debug,
            Model = new ModelSection
            {
                Provider = provider ?? Models.ModelProviders.None,
                ProviderExplicit = provider is not null,
                Model = line.Model ?? config?.Model,
                BaseUrl = BaseUrl(line.BaseUrl ?? config?.BaseUrl?.ToString()),
                RequestTimeout = config?.Limits.RequestTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                RequestRetries = config?.Limits.RequestRetries,
                Prices = config?.Prices ?? ImmutableDictionary<string, Models.ModelPrice>.Empty,
            },
            Limits = new LimitsSection
            {
                Agent = AgentLimits(line, config?.Limits),
                Timeout = TimeSpan.FromMinutes(Timeout(line.TimeoutMinutes ?? config?.Limits.TimeoutMinutes) ?? 30),
                FlakeReruns = line.FlakeReruns is < 0 ? throw new UsageException($"--flake-reruns must be zero or more, not {line.FlakeReruns}.") : line.FlakeReruns ?? 2,
            },
            // One merged list: the defaults, what .ciagent.yml adds or removes, and --protected-paths; the jail and the policy both read it.
            // --allow-test-edits opens the jail to let the model correct a wrong test; the policy's test rules stay on whatever it says.
            Policy = policy with { ProtectedPaths = [.. policy.ProtectedPaths.Concat(extraProtected).Distinct()] },
            Jail = new JailSection { AllowTestEdits = line.AllowTestEdits || config?.Policy.AllowTestEdits == true },
            Outputs = new OutputSection
            {
                Directory = outDirectory,
                ReportPath = line.Report is { } report ? Path.GetFullPath(report, currentDirectory) : Path.Combine(outDirectory, "report.json"),
                InsideWorkspace = OutputSection.PathIsInside(outDirectory, workspace),
            },
            Delivery = new DeliverySection { Commit = CommitModeOf(line.Commit) },
            Implement = new ImplementSection
            {
                SpecPath = line.Spec,
                SpecEventPath = line.SpecEvent is { } specEvent ? Path.GetFullPath(specEvent, currentDirectory) : null,
                OnAmbiguity = line.OnAmbiguity switch
                {
                    null or "assume" => AmbiguityPolicy.Assume,
                    "ask" => AmbiguityPolicy.Ask,
                    var other => throw new UsageException($"--on-ambiguity must be assume or ask, not '{other}'."),
                },
                MaxReviewRounds = line.MaxReviewRounds is < 0
                    ? throw new UsageException($"--max-review-rounds must be zero or more, not {line.MaxReviewRounds}.")
                    : line.MaxReviewRounds ?? 2,
            },
        };
    }

    private static AgentLimits AgentLimits(CommandLineValues line, ConfigLimits? config)
    {
        var defaults = new AgentLimits();
        return new AgentLimits
        {
            MaxModelCalls = line.MaxModelCalls is { } calls
                ? calls > 0 ? calls : throw new UsageException($"--max-model-calls must be a positive whole number, not {calls}.")
                : config?.MaxModelCalls ?? defaults.MaxModelCalls,
            MaxTokens = line.MaxTokens is { } tokens
                ? tokens > 0 ? tokens : throw new UsageException($"--max-tokens must be a positive whole number, not {tokens}.")
                : config?.MaxTokens,
            MaxCostUsd = line.MaxCostUsd is { } cost
                ? cost > 0 ? cost : throw new UsageException($"--max-cost must be a positive number of US dollars, not {cost}.")
                : config?.MaxCostUsd ?? defaults.MaxCostUsd,
        };
    }

    private static double? Timeout(double? minutes) =>
        minutes is { } value && (value <= 0 || double.IsNaN(value) || double.IsInfinity(value))
            ? throw new UsageException($"--timeout must be a positive number of minutes, not {value}.")
            : minutes;

    private static Uri? BaseUrl(string? text) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new UsageException($"--base-url '{text}' is not an http or https URL.");

    private static CommitMode CommitModeOf(string? text) => text switch
    {
        null or "none" => CommitMode.None,
        "commit" => CommitMode.Commit,
        "push" => CommitMode.Push,
        "pull-request" => CommitMode.PullRequest,
        _ => throw new UsageException($"--commit must be none, commit, push or pull-request, not '{text}'."),
    };

    private static CiAgentConfig? ReadConfig(string? explicitPath, string workspace, string currentDirectory)
    {
        try
        {
            if (explicitPath is null)
            {
                return Directory.Exists(workspace) ? CiAgentConfigReader.Read(workspace) : null;
            }

            var path = Path.GetFullPath(explicitPath, currentDirectory);
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
}
