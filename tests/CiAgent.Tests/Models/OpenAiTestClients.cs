using System.ClientModel;
using System.ClientModel.Primitives;
using CiAgent.Tests.Fakes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace CiAgent.Tests.Models;

/// <summary>Builds the official OpenAI adapter pointed at a fake, configured like the factory does (no SDK retries, short timeout).</summary>
internal static class OpenAiTestClients
{
    public const string ApiKey = "sk-test-key-123456";

    public static IChatClient Adapter(FakeOpenAiServer server, string model = "gpt-4.1-mini", TimeSpan? timeout = null) =>
        Adapter(server.V1Url, model, timeout);

    public static IChatClient Adapter(string baseUrl, string model = "gpt-4.1-mini", TimeSpan? timeout = null)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        return new OpenAIClient(new ApiKeyCredential(ApiKey), options).GetChatClient(model).AsIChatClient();
    }
}
