using CiAgent.Models;
using CiAgent.Models.Middleware;
using CiAgent.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace CiAgent.Tests.Models;

public sealed class RetryingChatClientTests
{
    private readonly InstantTimeProvider _clock = new();
    private readonly List<ModelRetryAttempt> _retries = [];

    private RetryingChatClient Retrying(IChatClient inner, int maxRetries = 4) => new(inner, new ModelRetryOptions
    {
        MaxRetries = maxRetries,
        TimeProvider = _clock,
        CredentialVariable = "OPENAI_API_KEY",
        OnRetry = _retries.Add,
    });

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_that_delay()
    {
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.Error(429, "slow down", ("Retry-After", "7")),
            FakeOpenAiServer.Text("ok"));
        using var client = Retrying(OpenAiTestClients.Adapter(server));

        var response = await client.GetResponseAsync("hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, server.Requests.Count);
        var retry = Assert.Single(_retries);
        Assert.Equal(TimeSpan.FromSeconds(7), retry.Delay);
        Assert.Equal(429, retry.StatusCode);
        Assert.Contains(TimeSpan.FromSeconds(7), _clock.Delays);
    }

    [Fact]
    public async Task A_Retry_After_date_is_honoured_and_a_huge_one_is_capped()
    {
        var inAMinuteAndAHalf = DateTimeOffset.UtcNow.AddSeconds(90).ToString("r");
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.Error(503, "busy", ("Retry-After", inAMinuteAndAHalf)),
            FakeOpenAiServer.Text("ok"));
        using var client = Retrying(OpenAiTestClients.Adapter(server));

        await client.GetResponseAsync("hi");

        Assert.Equal(TimeSpan.FromSeconds(60), Assert.Single(_retries).Delay);
    }

    [Fact]
    public async Task With_retries_off_a_500_is_reported_at_once_as_failing_with_no_retry()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Error(500, "boom"), FakeOpenAiServer.Text("never asked"));
        using var client = Retrying(OpenAiTestClients.Adapter(server), maxRetries: 0);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("The model endpoint failed with 500 with no retry.", error.Message);
        Assert.Equal(1, error.Attempts);
        Assert.Single(server.Requests);
        Assert.Empty(_retries);
    }

    [Fact]
    public async Task A_500_that_persists_exhausts_the_retries_and_throws_a_ModelCallException()
    {
        await using var server = await FakeOpenAiServer.StartAsync(Enumerable.Repeat(FakeOpenAiServer.Error(500, "boom"), 5).ToArray());
        using var client = Retrying(OpenAiTestClients.Adapter(server), maxRetries: 4);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("The model endpoint kept failing with 500 after 4 retries.", error.Message);
        Assert.Equal(500, error.StatusCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(5, error.Attempts);
        Assert.Equal(5, server.Requests.Count);
        Assert.Equal([1, 2, 3, 4], _retries.Select(retry => retry.Retry));

        // Without Retry-After the waits come from exponential backoff, never zero and never above the cap.
        Assert.All(_retries, retry => Assert.InRange(retry.Delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_401_is_not_retried()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Error(401, "Incorrect API key provided"), FakeOpenAiServer.Text("never"));
        using var client = Retrying(OpenAiTestClients.Adapter(server));

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("The model endpoint answered 401 Unauthorized: check OPENAI_API_KEY.", error.Message);
        Assert.Equal(401, error.StatusCode);
        Assert.False(error.IsRetryable);
        Assert.Single(server.Requests);
        Assert.Empty(_retries);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Client_errors_are_not_retried(int status)
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeOpenAiServer.Error(status, "Unknown parameter: 'foo'."));
        using var client = Retrying(OpenAiTestClients.Adapter(server));

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(server.Requests);
        Assert.DoesNotContain('\n', error.Message);
        if (status == 400)
        {
            Assert.Equal("The model endpoint answered 400 Bad Request: Unknown parameter: 'foo'.", error.Message);
        }
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        string closedUrl;
        await using (var server = await FakeOpenAiServer.StartAsync())
        {
            closedUrl = server.V1Url;
        }

        using var client = Retrying(OpenAiTestClients.Adapter(closedUrl), maxRetries: 2);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync("hi"));

        Assert.StartsWith("The model endpoint could not be reached after 2 retries", error.Message);
        Assert.Null(error.StatusCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(2, _retries.Count);
    }

    [Fact]
    public async Task A_response_that_never_ends_times_out_and_is_reported()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeStep.Hang(), FakeStep.Hang());
        // Long enough for the retry to reach the server on a busy CI machine (at 0.7 s the second request once timed out unseen).
        using var client = Retrying(OpenAiTestClients.Adapter(server, timeout: TimeSpan.FromSeconds(2)), maxRetries: 1);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => client.GetResponseAsync("hi"));

        Assert.Equal("The model endpoint did not answer within the request timeout after 1 retry.", error.Message);
        Assert.Null(error.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried_nor_wrapped()
    {
        await using var server = await FakeOpenAiServer.StartAsync(FakeStep.Hang());
        using var client = Retrying(OpenAiTestClients.Adapter(server));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hi", cancellationToken: cancel.Token));

        Assert.Empty(_retries);
    }
}
