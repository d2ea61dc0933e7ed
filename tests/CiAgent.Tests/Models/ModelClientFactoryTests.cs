using System.Text.Json;
using CiAgent.Models;
using CiAgent.Models.Middleware;
using CiAgent.Models.Pipeline;
using CiAgent.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CiAgent.Tests.Models;

public sealed class ModelClientFactoryTests
{
    [Theory]
    [InlineData("openai", "OPENAI_API_KEY")]
    [InlineData("azure-openai", "AZURE_OPENAI_API_KEY")]
    [InlineData("github-models", "GITHUB_TOKEN")]
    [InlineData("anthropic", "ANTHROPIC_API_KEY")]
    public void A_missing_key_names_the_variable_to_set(string provider, string variable)
    {
        var error = Assert.Throws<ModelConfigurationException>(() =>
            ModelClientFactory.Create(new ModelSettings { Provider = provider, Model = "m", BaseUrl = "https://example.invalid/v1/" }, new Dictionary<string, string?>()));

        Assert.Equal($"The {provider} provider needs an API key: set {variable} (or CIAGENT_API_KEY).", error.Message);
    }

    [Fact]
    public async Task CIAGENT_API_KEY_overrides_the_providers_key()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("ok"));
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-provider-key", ["CIAGENT_API_KEY"] = "sk-override-key" };
        using var client = ModelClientFactory.Create(new ModelSettings { Provider = "openai", BaseUrl = server.V1Url }, environment);

        await client.GetResponseAsync("hi");

        Assert.Equal("Bearer sk-override-key", Assert.Single(server.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task The_OpenAI_provider_talks_to_a_compatible_server_with_or_without_v1_and_reports_usage()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("one"), FakeOpenAiServer.Text("two"));
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-local" };
        var lines = new List<string>();
        using var withV1 = ModelClientFactory.Create(new ModelSettings { Provider = "openai", Model = "llama3.1:8b", BaseUrl = server.V1Url + "/" }, environment, lines.Add);
        using var withoutV1 = ModelClientFactory.Create(new ModelSettings { Provider = "openai", BaseUrl = server.BaseUrl }, environment);

        Assert.Equal("one", (await withV1.GetResponseAsync("hi")).Text);
        Assert.Equal("two", (await withoutV1.GetResponseAsync("hi")).Text);

        Assert.Equal("/v1/chat/completions", server.Requests[0].Path);
        Assert.Equal("llama3.1:8b", server.Requests[0].Json.GetProperty("model").GetString());
        Assert.Equal("/chat/completions", server.Requests[1].Path);
        Assert.Equal("gpt-4.1-mini", server.Requests[1].Json.GetProperty("model").GetString());
        Assert.Equal(1, withV1.GetService<UsageTrackingChatClient>()!.Snapshot.Calls);
        var line = Assert.Single(lines);
        Assert.StartsWith("model call: model=gpt-4.1-mini messages=1 input_tokens=10 cached_tokens=0 output_tokens=5 duration_ms=", line);
        Assert.EndsWith(" finish=stop", line);
        Assert.DoesNotContain("hi", line.Replace("duration", "", StringComparison.Ordinal).Replace("finish", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task I_can_reuse_one_ChatOptions_for_every_call_because_no_layer_of_the_pipeline_changes_it()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("one"), FakeOpenAiServer.Text("two"));
        var lines = new List<string>();
        using var client = ModelClientFactory.Create(new ModelSettings { Provider = "openai", BaseUrl = server.V1Url, Secrets = ["hunter22"] }, new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-local" }, lines.Add);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}}}""").RootElement;
        List<AITool> tools = [AIFunctionFactory.CreateDeclaration("read_file", "Reads a file.", schema)];
        var options = new ChatOptions { Tools = tools, ToolMode = ChatToolMode.Auto, Temperature = 0.5f, MaxOutputTokens = 100 };

        await client.GetResponseAsync("hunter22 one", options);
        await client.GetResponseAsync("two", options);

        Assert.Same(tools, options.Tools);
        Assert.Single(tools);
        Assert.Null(options.ModelId);
        Assert.Equal(ChatToolMode.Auto, options.ToolMode);
        Assert.Equal(0.5f, options.Temperature);
        Assert.Equal(100, options.MaxOutputTokens);
        Assert.Null(options.AdditionalProperties);
        Assert.Null(options.RawRepresentationFactory);
        Assert.All(server.Requests, request => Assert.Equal("read_file", request.Json.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_API_key_itself_is_redacted_from_what_is_sent()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Text("ok"));
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-the-real-key" };
        using var client = ModelClientFactory.Create(new ModelSettings { Provider = "openai", BaseUrl = server.V1Url, Secrets = ["hunter22"] }, environment);

        await client.GetResponseAsync("env dump: OPENAI_API_KEY=sk-the-real-key PASSWORD=hunter22");

        Assert.Contains("OPENAI_API_KEY=*** PASSWORD=***", server.Requests[0].Body);
    }

    [Fact]
    public void GitHub_Models_defaults_its_endpoint_and_model_and_exposes_its_input_limit()
    {
        using var client = ModelClientFactory.Create(new ModelSettings { Provider = "github-models" }, new Dictionary<string, string?> { ["GITHUB_TOKEN"] = "ghs_token123" });

        var profile = client.GetService<ModelProfile>()!;

        Assert.Equal(new ModelProfile("github-models", "openai/gpt-4.1-mini", new Uri("https://models.github.ai/inference"), 8000), profile);
    }

    [Fact]
    public void Azure_OpenAI_requires_a_base_url_and_a_deployment()
    {
        var environment = new Dictionary<string, string?> { ["AZURE_OPENAI_API_KEY"] = "azure-key-123" };

        var noUrl = Assert.Throws<ModelConfigurationException>(() => ModelClientFactory.Create(new ModelSettings { Provider = "azure-openai", Model = "my-deployment" }, environment));
        var noModel = Assert.Throws<ModelConfigurationException>(() => ModelClientFactory.Create(new ModelSettings { Provider = "azure-openai", BaseUrl = "https://r.openai.azure.com/openai/v1/" }, environment));
        using var client = ModelClientFactory.Create(new ModelSettings { Provider = "azure-openai", Model = "my-deployment", BaseUrl = "https://r.openai.azure.com/openai/v1/" }, environment);

        Assert.Contains("base URL", noUrl.Message);
        Assert.Contains("deployment", noModel.Message);
        Assert.Equal("my-deployment", client.GetService<ModelProfile>()!.Model);
    }

    [Fact]
    public void An_unknown_provider_is_a_configuration_error()
    {
        var error = Assert.Throws<ModelConfigurationException>(() =>
            ModelClientFactory.Create(new ModelSettings { Provider = "gemini" }, new Dictionary<string, string?> { ["CIAGENT_API_KEY"] = "k-123456" }));

        Assert.StartsWith("Unknown model provider 'gemini'", error.Message);
    }

    [Theory]
    [InlineData("OPENAI_API_KEY=a ANTHROPIC_API_KEY=b", "openai")]
    [InlineData("ANTHROPIC_API_KEY=b GITHUB_ACTIONS=true GITHUB_TOKEN=t", "anthropic")]
    [InlineData("GITHUB_ACTIONS=true GITHUB_TOKEN=t", "github-models")]
    [InlineData("GITHUB_TOKEN=t", "none")]
    [InlineData("GITHUB_ACTIONS=true", "none")]
    [InlineData("OPENAI_API_KEY=", "none")]
    [InlineData("", "none")]
    public void The_provider_is_inferred_from_the_environment(string variables, string expected)
    {
        var environment = variables.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => (string?)pair[1]);

        Assert.Equal(expected, ModelClientFactory.InferProvider(environment));
    }
}
