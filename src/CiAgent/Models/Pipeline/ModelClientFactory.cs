using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using AnthropicClientOptions = Anthropic.Core.ClientOptions;
using CiAgent.Models.Middleware;
using Microsoft.Extensions.AI;
using OpenAI;

namespace CiAgent.Models.Pipeline;

/// <summary>Builds the model client for a provider, wrapped in redaction, tracing, logging, usage tracking and retries.</summary>
public static class ModelClientFactory
{
    /// <summary>The variable whose value replaces any provider's own key variable.</summary>
    public const string OverrideKeyVariable = "CIAGENT_API_KEY";

    /// <summary>The per-request input limit of GitHub Models' free tier, which the loop must keep prompts inside.</summary>
    public const int GitHubModelsMaxInputTokens = 8000;

    private static readonly Uri OpenAiEndpoint = new("https://api.openai.com/v1");
    private static readonly Uri GitHubModelsEndpoint = new("https://models.github.ai/inference");
    private static readonly Uri AnthropicEndpoint = new("https://api.anthropic.com");

    // Anthropic requires max_tokens on every request; a fix rarely needs more than this, and ChatOptions.MaxOutputTokens overrides it.
    private const int AnthropicDefaultMaxOutputTokens = 8192;

    /// <summary>Creates the client pipeline; keys are read only from <paramref name="environment"/>.</summary>
    /// <exception cref="ModelConfigurationException">The provider is unknown, or a key, model or base URL it needs is missing.</exception>
    public static IChatClient Create(
        ModelSettings settings,
        IReadOnlyDictionary<string, string?> environment,
        Action<string>? log = null,
        TimeProvider? timeProvider = null,
        PriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);

        var provider = settings.Provider?.Trim().ToLowerInvariant() ?? string.Empty;
        var keyVariable = KeyVariableOf(provider);
        var key = Read(environment, OverrideKeyVariable) ?? Read(environment, keyVariable)
            ?? throw new ModelConfigurationException($"The {provider} provider needs an API key: set {keyVariable} (or {OverrideKeyVariable}).");

        var (adapter, profile) = provider switch
        {
            ModelProviders.OpenAi => CreateOpenAi(settings, key, provider, settings.Model ?? "gpt-4.1-mini", ParseBaseUrl(settings) ?? OpenAiEndpoint, null),
            ModelProviders.AzureOpenAi => CreateOpenAi(
                settings,
                key,
                provider,
                settings.Model ?? throw new ModelConfigurationException("The azure-openai provider needs the deployment name as the model."),
                ParseBaseUrl(settings) ?? throw new ModelConfigurationException("The azure-openai provider needs a base URL such as https://<resource>.openai.azure.com/openai/v1/."),
                null),
            ModelProviders.GitHubModels => CreateOpenAi(settings, key, provider, settings.Model ?? "openai/gpt-4.1-mini", ParseBaseUrl(settings) ?? GitHubModelsEndpoint, GitHubModelsMaxInputTokens),
            ModelProviders.Anthropic => CreateAnthropic(settings, key, settings.Model ?? "claude-sonnet-4-5"),
            _ => throw new ModelConfigurationException($"Unknown model provider '{settings.Provider}': use openai, azure-openai, github-models or anthropic."),
        };

        var retries = new ModelRetryOptions
        {
            MaxRetries = settings.MaxRetries,
            TimeProvider = timeProvider ?? TimeProvider.System,
            CredentialVariable = Read(environment, OverrideKeyVariable) is not null ? OverrideKeyVariable : keyVariable,
            OnRetry = log is null ? null : attempt => log($"model call retry {attempt.Retry}/{settings.MaxRetries} in {attempt.Delay.TotalSeconds:0.#}s after {attempt.Reason}"),
        };

        // Outermost first. Redaction is above everything else, so nothing below it (traces and logs included) ever holds a secret;
        // tracing, logging and usage see one logical call; retries sit right on the adapter, so each attempt is a plain HTTP call.
        return new ChatClientBuilder(adapter)
            .Use(inner => new ProfiledChatClient(inner, profile))
            .Use(inner => new RedactingChatClient(inner, settings.Secrets.Append(key)))
            .UseOpenTelemetry(sourceName: ModelTelemetry.SourceName, configure: tracing => tracing.EnableSensitiveData = false)
            .Use(inner => log is null ? inner : new CallLoggingChatClient(inner, log, profile.Model))
            .Use(inner => new UsageTrackingChatClient(inner, prices, profile.Model))
            .Use(inner => new RetryingChatClient(inner, retries))
            .Build();
    }

    /// <summary>Picks a provider from which keys are present: OpenAI, then Anthropic, then GitHub Models inside GitHub Actions, else none.</summary>
    public static string InferProvider(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Read(environment, "OPENAI_API_KEY") is not null)
        {
            return ModelProviders.OpenAi;
        }

        if (Read(environment, "ANTHROPIC_API_KEY") is not null)
        {
            return ModelProviders.Anthropic;
        }

        if (string.Equals(Read(environment, "GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase)
            && Read(environment, "GITHUB_TOKEN") is not null)
        {
            return ModelProviders.GitHubModels;
        }

        return ModelProviders.None;
    }

    /// <summary>The environment variable that holds a provider's key.</summary>
    public static string KeyVariableOf(string provider) => provider switch
    {
        ModelProviders.OpenAi => "OPENAI_API_KEY",
        ModelProviders.AzureOpenAi => "AZURE_OPENAI_API_KEY",
        ModelProviders.GitHubModels => "GITHUB_TOKEN",
        ModelProviders.Anthropic => "ANTHROPIC_API_KEY",
        _ => throw new ModelConfigurationException($"Unknown model provider '{provider}': use openai, azure-openai, github-models or anthropic."),
    };

    private static (IChatClient Adapter, ModelProfile Profile) CreateOpenAi(ModelSettings settings, string key, string provider, string model, Uri endpoint, int? maxInputTokens)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,

            // RetryingChatClient owns retries; SDK retries underneath would multiply attempts and hide Retry-After from us.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = settings.RequestTimeout,
        };
        var client = new OpenAIClient(new ApiKeyCredential(key), options);
        return (client.GetChatClient(model).AsIChatClient(), new ModelProfile(provider, model, endpoint, maxInputTokens));
    }

    private static (IChatClient Adapter, ModelProfile Profile) CreateAnthropic(ModelSettings settings, string key, string model)
    {
        var endpoint = ParseBaseUrl(settings) ?? AnthropicEndpoint;
        var client = new AnthropicClient(new AnthropicClientOptions
        {
            ApiKey = key,
            BaseUrl = endpoint.ToString().TrimEnd('/'),

            // As for OpenAI: one retry layer, ours; the handler lets it see Retry-After, which Anthropic's exceptions do not carry.
            MaxRetries = 0,
            Timeout = settings.RequestTimeout,
            Handlers = [new RetryAfterHeaderCapture()],
        });
        return (client.AsIChatClient(model, AnthropicDefaultMaxOutputTokens), new ModelProfile(ModelProviders.Anthropic, model, endpoint, null));
    }

    private static Uri? ParseBaseUrl(ModelSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            return null;
        }

        return Uri.TryCreate(settings.BaseUrl.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new ModelConfigurationException($"The model base URL '{settings.BaseUrl}' is not an absolute http(s) URL.");
    }

    private static string? Read(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
