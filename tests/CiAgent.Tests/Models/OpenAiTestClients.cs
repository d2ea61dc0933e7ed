using System.ClientModel;
using System.ClientModel.Primitives;
using CiAgent.Models;
using CiAgent.Tests.Fakes;
using OpenAI;

namespace CiAgent.Tests.Models;

/// <summary>Builds adapters pointed at a fake, configured like the factory does (no SDK retries, short timeout).</summary>
internal static class OpenAiTestClients
{
    public const string ApiKey = "sk-test-key-123456";

    public static OpenAiChatClient Adapter(FakeOpenAiServer server, string model = "gpt-4.1-mini", TimeSpan? timeout = null) =>
        Adapter(server.V1Url, model, timeout);

    public static OpenAiChatClient Adapter(string baseUrl, string model = "gpt-4.1-mini", TimeSpan? timeout = null)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        return new OpenAiChatClient(new OpenAIClient(new ApiKeyCredential(ApiKey), options), model, ModelProviders.OpenAi, new Uri(baseUrl));
    }
}
