namespace CiAgent.Models;

/// <summary>The provider names the model client factory understands.</summary>
public static class ModelProviders
{
    /// <summary>OpenAI's API or any OpenAI-compatible server reached through a base URL.</summary>
    public const string OpenAi = "openai";

    /// <summary>Azure OpenAI through its OpenAI-compatible v1 endpoint.</summary>
    public const string AzureOpenAi = "azure-openai";

    /// <summary>GitHub Models' OpenAI-compatible inference endpoint.</summary>
    public const string GitHubModels = "github-models";

    /// <summary>Anthropic's Messages API through the official SDK.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>No provider is configured, so the model tier is skipped.</summary>
    public const string None = "none";
}
