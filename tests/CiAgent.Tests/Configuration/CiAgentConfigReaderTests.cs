using CiAgent.Configuration;
using CiAgent.Models;
using CiAgent.Security;

namespace CiAgent.Tests.Configuration;

public sealed class CiAgentConfigReaderTests : IDisposable
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("ciagent-config-").FullName;

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    [Fact]
    public void A_workspace_without_the_file_has_no_configuration()
    {
        Assert.Null(CiAgentConfigReader.Read(_workspace));
    }

    [Fact]
    public void A_full_file_is_read_into_every_setting()
    {
        var config = Read("""
            # Settings for the shop repository.
            provider: anthropic
            model: claude-sonnet-4-5
            baseUrl: https://llm.internal.example/v1
            limits:
              maxModelCalls: 12
              maxTokens: 400000
              maxCostUsd: 2.50
              timeoutMinutes: 45
              requestTimeoutSeconds: 300
              requestRetries: 0
            policy:
              allowTestEdits: false
              protectedPaths:
                - migrations/**
                - "!global.json"
            prices:
              claude-sonnet-4-5: { input: 3, cachedInput: 0.3, output: 15 }
              local-llama:
                input: 0
                output: 0
            """);

        Assert.Equal("anthropic", config.Provider);
        Assert.Equal("claude-sonnet-4-5", config.Model);
        Assert.Equal(new Uri("https://llm.internal.example/v1"), config.BaseUrl);
        Assert.Equal(new ConfigLimits { MaxModelCalls = 12, MaxTokens = 400_000, MaxCostUsd = 2.50m, TimeoutMinutes = 45, RequestTimeoutSeconds = 300, RequestRetries = 0 }, config.Limits);
        Assert.False(config.Policy.AllowTestEdits);
        Assert.Equal(["migrations/**", "!global.json"], config.Policy.ProtectedPaths.ToArray());
        Assert.Equal(new ModelPrice(3m, 0.3m, 15m), config.Prices["claude-sonnet-4-5"]);
        Assert.Equal(new ModelPrice(0m, 0m, 0m), config.Prices["LOCAL-LLAMA"]);
    }

    [Fact]
    public void A_price_without_a_cached_rate_charges_the_full_input_rate()
    {
        var config = Read("prices:\n  gpt-4.1: { input: 2, output: 8 }\n");

        Assert.Equal(new ModelPrice(2m, 2m, 8m), config.Prices["gpt-4.1"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing configured yet\n")]
    [InlineData("---\n")]
    public void An_empty_file_is_a_configuration_with_nothing_set(string text)
    {
        var config = Read(text);

        Assert.Null(config.Provider);
        Assert.Null(config.Model);
        Assert.Equal(new ConfigLimits(), config.Limits);
        Assert.Null(config.Policy.AllowTestEdits);
        Assert.Empty(config.Policy.ProtectedPaths);
        Assert.Empty(config.Prices);
    }

    [Fact]
    public void Empty_sections_set_nothing()
    {
        var config = Read("model:\nlimits:\npolicy: ~\n");

        Assert.Null(config.Model);
        Assert.Equal(new ConfigLimits(), config.Limits);
    }

    [Fact]
    public void An_unknown_key_is_an_error_that_names_it()
    {
        var error = Fail("provider: openai\nmodle: gpt-4.1\n");

        Assert.Equal(".ciagent.yml line 2: unknown key 'modle' (known: provider, model, baseUrl, limits, policy, prices)", error.Message);
    }

    [Fact]
    public void An_unknown_nested_key_is_an_error_that_names_it_and_its_section()
    {
        var error = Fail("""
            provider: openai
            limits:
              maxModelCalls: 3
              maxCalls: 5
            """);

        Assert.Equal(".ciagent.yml line 4: unknown key 'maxCalls' under 'limits' (known: maxModelCalls, maxTokens, maxCostUsd, timeoutMinutes, requestTimeoutSeconds, requestRetries)", error.Message);
    }

    [Fact]
    public void An_unknown_key_in_a_price_names_the_model()
    {
        var error = Fail("prices:\n  gpt-4.1:\n    input: 2\n    outptu: 8\n");

        Assert.Equal(".ciagent.yml line 4: unknown key 'outptu' under 'prices.gpt-4.1' (known: input, cachedInput, output)", error.Message);
    }

    [Theory]
    [InlineData("limits:\n  maxModelCalls: lots\n", ".ciagent.yml line 2: 'limits.maxModelCalls' must be a whole number, not 'lots'")]
    [InlineData("limits:\n  timeoutMinutes: 2.5\n", ".ciagent.yml line 2: 'limits.timeoutMinutes' must be a whole number, not '2.5'")]
    [InlineData("limits:\n  maxCostUsd: [1, 2]\n", ".ciagent.yml line 2: 'limits.maxCostUsd' must be a text value, not a list")]
    [InlineData("policy:\n  allowTestEdits: sometimes\n", ".ciagent.yml line 2: 'policy.allowTestEdits' must be true or false, not 'sometimes'")]
    [InlineData("policy:\n  protectedPaths: docs/**\n", ".ciagent.yml line 2: 'policy.protectedPaths' must be a list such as ['docs/**'], not 'docs/**'")]
    [InlineData("limits: 5\n", ".ciagent.yml line 1: 'limits' must be a mapping of keys, not '5'")]
    [InlineData("baseUrl: llm.internal/v1\n", ".ciagent.yml line 1: 'baseUrl' must be an absolute http or https URL, not 'llm.internal/v1'")]
    [InlineData("provider: openia\n", ".ciagent.yml line 1: unknown provider 'openia' (known: openai, azure-openai, github-models, anthropic, none)")]
    [InlineData("- provider: openai\n", ".ciagent.yml line 1: the file must be a mapping of keys such as 'provider: openai'")]
    [InlineData("prices:\n  gpt-4.1: { input: 2 }\n", ".ciagent.yml line 2: 'prices.gpt-4.1' needs both input and output (USD per million tokens)")]
    public void A_value_of_the_wrong_type_is_an_error_that_names_the_key(string text, string expected)
    {
        Assert.Equal(expected, Fail(text).Message);
    }

    [Theory]
    [InlineData("limits:\n  maxModelCalls: -3\n", ".ciagent.yml line 2: 'limits.maxModelCalls' must be between 1 and 2147483647, not -3")]
    [InlineData("limits:\n  maxTokens: 0\n", ".ciagent.yml line 2: 'limits.maxTokens' must be between 1 and 9223372036854775807, not 0")]
    [InlineData("limits:\n  maxCostUsd: -0.5\n", ".ciagent.yml line 2: 'limits.maxCostUsd' must be positive, not -0.5")]
    [InlineData("limits:\n  timeoutMinutes: 600000\n", ".ciagent.yml line 2: 'limits.timeoutMinutes' must be between 1 and 10080, not 600000")]
    [InlineData("limits:\n  requestRetries: 11\n", ".ciagent.yml line 2: 'limits.requestRetries' must be between 0 and 10, not 11")]
    [InlineData("prices:\n  gpt-4.1: { input: -1, output: 8 }\n", ".ciagent.yml line 2: 'prices.gpt-4.1.input' must be zero or more, not -1")]
    public void A_limit_that_is_not_positive_is_an_error_that_names_it(string text, string expected)
    {
        Assert.Equal(expected, Fail(text).Message);
    }

    [Fact]
    public void A_tab_used_for_indentation_is_a_one_line_error_with_line_and_column()
    {
        var error = Fail("limits:\n\tmaxModelCalls: 3\n");

        Assert.Equal(".ciagent.yml line 2, column 1: invalid YAML: a tab indents this line; YAML indents with spaces only", error.Message);
    }

    [Fact]
    public void Malformed_YAML_is_a_one_line_error_with_line_and_column()
    {
        var error = Fail("provider: openai\nlimits: { maxModelCalls: 3\nmodel: x\n");

        Assert.Matches(@"^\.ciagent\.yml line \d+, column \d+: invalid YAML: \S", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("model: 'unterminated\nprovider: openai\n", ".ciagent.yml line 1, column 8: invalid YAML: While scanning a quoted scalar, found unexpected end of stream.")]
    [InlineData("model: a: b\n", ".ciagent.yml line 1, column 9: invalid YAML: While scanning a plain scalar value, found invalid mapping.")]
    public void Malformed_YAML_names_the_position_yaml_reports(string text, string expected)
    {
        Assert.Equal(expected, Fail(text).Message);
    }

    [Fact]
    public void A_duplicated_key_is_an_error()
    {
        var error = Fail("model: a\nmodel: b\n");

        Assert.Equal(".ciagent.yml line 2, column 1: invalid YAML: Duplicate key model", error.Message);
    }

    private CiAgentConfig Read(string text)
    {
        File.WriteAllText(Path.Combine(_workspace, CiAgentConfigReader.FileName), text);
        return Assert.IsType<CiAgentConfig>(CiAgentConfigReader.Read(_workspace));
    }

    private ConfigurationException Fail(string text) => Assert.Throws<ConfigurationException>(() => Read(text));
}
