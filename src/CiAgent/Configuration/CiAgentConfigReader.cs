using System.Collections.Immutable;
using CiAgent.Kernel;
using CiAgent.Models;
using CiAgent.Security;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CiAgent.Configuration;

/// <summary>Reads the optional .ciagent.yml at a workspace's root, strictly, so a typo fails loudly instead of being silently ignored.</summary>
public static class CiAgentConfigReader
{
    /// <summary>The configuration file's name at the workspace root.</summary>
    public const string FileName = ".ciagent.yml";

    private static readonly string[] TopLevelKeys = ["provider", "model", "baseUrl", "limits", "policy", "prices"];
    private static readonly string[] LimitKeys = ["maxModelCalls", "maxTokens", "maxCostUsd", "timeoutMinutes", "requestTimeoutSeconds", "requestRetries"];
    private static readonly string[] PolicyKeys = ["allowTestEdits", "protectedPaths"];
    private static readonly string[] PriceKeys = ["input", "cachedInput", "output"];
    private static readonly string[] KnownProviders =
        [ModelProviders.OpenAi, ModelProviders.AzureOpenAi, ModelProviders.GitHubModels, ModelProviders.Anthropic, ModelProviders.None];

    // A week: anything longer is a typo (seconds for minutes), not a plan.
    private const long MaxTimeoutMinutes = 7 * 24 * 60;

    // Ten retries already wait about six minutes on one call (2 s doubling, capped at a minute): more is a typo, not a plan.
    private const long MaxRequestRetries = 10;

    /// <summary>Reads the workspace's configuration file, or returns null when there is none.</summary>
    /// <exception cref="ConfigurationException">The file cannot be read, is not valid YAML, or holds an unknown key or a bad value.</exception>
    public static CiAgentConfig? Read(string workspaceRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceRoot);
        var path = Path.Combine(workspaceRoot, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{FileName}: cannot be read: {TextShape.OneLine(exception.Message)}", exception);
        }

        return Parse(text);
    }

    /// <summary>Parses configuration text as it would appear in the file.</summary>
    /// <exception cref="ConfigurationException">The text is not valid YAML or holds an unknown key or a bad value.</exception>
    public static CiAgentConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        var parser = new MarkTrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException)
        {
            throw Malformed(text, exception, parser.LastGood);
        }

        if (stream.Documents.Count > 1)
        {
            throw ConfigSection.Error(stream.Documents[1].RootNode, "the file must hold one YAML document, not several");
        }

        // An empty or comment-only file is a valid "no settings".
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new CiAgentConfig();
        }

        var root = ConfigSection.Root(stream.Documents[0].RootNode, TopLevelKeys);
        return new CiAgentConfig
        {
            Provider = root.Choice("provider", KnownProviders),
            Model = root.Text("model"),
            BaseUrl = root.Url("baseUrl"),
            Limits = Limits(root.Section("limits", LimitKeys)),
            Policy = Policy(root.Section("policy", PolicyKeys)),
            Prices = Prices(root.Section("prices", null)),
        };
    }


    private static ConfigLimits Limits(ConfigSection? limits) => limits is null
        ? new ConfigLimits()
        : new ConfigLimits
        {
            MaxModelCalls = (int?)limits.PositiveWholeNumber("maxModelCalls", int.MaxValue),
            MaxTokens = limits.PositiveWholeNumber("maxTokens", long.MaxValue),
            MaxCostUsd = limits.Amount("maxCostUsd", allowZero: false),
            TimeoutMinutes = (int?)limits.PositiveWholeNumber("timeoutMinutes", MaxTimeoutMinutes),
            RequestTimeoutSeconds = (int?)limits.PositiveWholeNumber("requestTimeoutSeconds", MaxTimeoutMinutes * 60),
            RequestRetries = (int?)limits.WholeNumber("requestRetries", 0, MaxRequestRetries),
        };

    private static ConfigPolicy Policy(ConfigSection? policy) => policy is null
        ? new ConfigPolicy()
        : new ConfigPolicy
        {
            AllowTestEdits = policy.Flag("allowTestEdits"),
            ProtectedPaths = [.. policy.TextList("protectedPaths")],
        };

    private static ImmutableDictionary<string, ModelPrice> Prices(ConfigSection? prices)
    {
        var table = ImmutableDictionary.CreateBuilder<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in prices?.Keys ?? [])
        {
            var price = prices!.Section(model, PriceKeys);
            var input = price?.Amount("input", allowZero: true);
            var output = price?.Amount("output", allowZero: true);
            if (price is null || input is null || output is null)
            {
                throw prices.ErrorAt(model, $"'prices.{model}' needs both input and output (USD per million tokens)");
            }

            // Without a cached rate, charging the full input rate keeps cost estimates on the safe side.
            table[model] = new ModelPrice(input.Value, price.Amount("cachedInput", allowZero: true) ?? input.Value, output.Value);
        }

        return table.ToImmutable();
    }

    private static ConfigurationException Malformed(string text, Exception exception, Mark lastGood)
    {
        // YamlDotNet places a tab-indentation error at the start of the enclosing mapping, far from the tab; name the line itself.
        var lines = text.Split('\n');
        var tabbed = Array.FindIndex(lines, line => line.TrimStart(' ').StartsWith('\t'));
        if (tabbed >= 0)
        {
            var column = lines[tabbed].IndexOf('\t', StringComparison.Ordinal) + 1;
            return new ConfigurationException($"{FileName} line {tabbed + 1}, column {column}: invalid YAML: a tab indents this line; YAML indents with spaces only", exception);
        }

        // Some malformed input (an unclosed flow mapping) escapes YamlDotNet as a bare InvalidOperationException without a position.
        var (mark, reason) = exception is YamlException yaml
            ? (yaml.Start, Reason(yaml))
            : (lastGood, "unexpected text after this point (an unclosed bracket or quote?)");
        return new ConfigurationException($"{FileName} line {Math.Max(1, mark.Line)}, column {Math.Max(1, mark.Column)}: invalid YAML: {reason}", exception);
    }

    private static string Reason(YamlException exception)
    {
        // YamlDotNet prefixes its message with the position, which the caller already states in its own words.
        var message = TextShape.OneLine(exception.Message);
        var positionEnd = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && positionEnd > 0 ? message[(positionEnd + 3)..] : message;
    }


}
