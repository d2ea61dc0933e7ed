using CiAgent.Tests.EndToEnd;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.Guardrails;

/// <summary>Secrets planted in the environment and in the workspace never reach the model, the console, the report or any artifact.</summary>
public sealed class SecretTests
{
    private const string ServiceToken = "tok_live_9f8e7d6c5b4a3f2e1d0c";
    private const string DatabasePassword = "hunter2-Db-Pa55w0rd";
    private const string DotEnvOnly = "sk_live_only_in_dotenv_12345";
    private const string SettingsPassword = "file-only-db-pass-777";
    private const string SettingsApiKey = "file-only-api-key-888";
    private const string Settings = "src/Geometry/appsettings.Development.json";

    private static readonly string[] EnvironmentSecrets = [GuardedWorkspace.ApiKey, ServiceToken, DatabasePassword];
    private static readonly string[] AllSecrets = [.. EnvironmentSecrets, DotEnvOnly, SettingsPassword, SettingsApiKey];

    [Fact]
    public async Task No_secret_reaches_the_model_the_logs_or_the_report()
    {
        using var repository = await GuardedWorkspace.TypeErrorAsync(r =>
        {
            r.Write(".env", $"MY_SERVICE_TOKEN={ServiceToken}\nSTRIPE_SECRET={DotEnvOnly}\n");
            r.Write(Settings, $$"""
                {
                  "ConnectionStrings": { "Default": "Server=db;Database=geo;User Id=app;Password={{SettingsPassword}};" },
                  "Pricing": { "ApiKey": "{{SettingsApiKey}}", "Region": "eu-west" },
                  "Logging": { "LogLevel": { "Default": "Information" } }
                }
                """);

            // Next to the broken line, so the fix's diff carries it as context into fix.patch, the summary and the step summary.
            r.Replace(GuardedWorkspace.RectangleFile, "    /// <inheritdoc />\n    public override double Perimeter()", $"    // Pricing feed token: {ServiceToken}\n    /// <inheritdoc />\n    public override double Perimeter()");
        });
        var actionFiles = Directory.CreateTempSubdirectory("ciagent-guard-gh-").FullName;
        var stepSummary = Path.Combine(actionFiles, "step-summary.md");
        var outputs = Path.Combine(actionFiles, "outputs.txt");
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("read_file", new { path = ".env" })),
            FakeOpenAiServer.ToolCalls(("read_file", new { path = Settings })),
            FakeOpenAiServer.ToolCalls(("read_file", new { path = GuardedWorkspace.RectangleFile })),
            FakeOpenAiServer.ToolCalls(("search_code", new { pattern = "tok_live|Password" })),
            GuardedWorkspace.Fix(),
            GuardedWorkspace.Finish());

        var run = await CiAgentExecutable.RunAsync(
            repository.Root,
            new Dictionary<string, string?>
            {
                ["OPENAI_API_KEY"] = GuardedWorkspace.ApiKey,
                ["MY_SERVICE_TOKEN"] = ServiceToken,
                ["DB_PASSWORD"] = DatabasePassword,
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_STEP_SUMMARY"] = stepSummary,
                ["GITHUB_OUTPUT"] = outputs,
            },
            GuardedWorkspace.ModelArguments(repository, server.V1Url));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(6, server.Requests.Count);

        // The model asked and was refused, was shown the settings with values masked, and the source with the token masked.
        var afterDotEnv = server.Requests[1].Body;
        Assert.Contains("withheld from the agent", afterDotEnv);
        Assert.DoesNotContain("STRIPE_SECRET", afterDotEnv);
        var afterSettings = server.Requests[2].Body;
        Assert.Contains("eu-west", afterSettings);
        Assert.Contains("***", afterSettings);
        Assert.Contains("Pricing feed token: ***", server.Requests[3].Body);

        // GitHub masks a secret only in lines printed after ::add-mask::, so the masks come first, one per environment secret.
        var lines = GuardedWorkspace.Lines(run.Output);
        var masks = lines.TakeWhile(line => line.StartsWith("::add-mask::", StringComparison.Ordinal)).Select(line => line["::add-mask::".Length..]).ToList();
        Assert.All(EnvironmentSecrets, secret => Assert.Contains(secret, masks));
        Assert.DoesNotContain(lines.Skip(masks.Count), line => line.StartsWith("::add-mask::", StringComparison.Ordinal) && EnvironmentSecrets.Any(line.Contains));

        var places = new Dictionary<string, string>
        {
            ["stdout after the masks"] = string.Join('\n', lines.Skip(masks.Count)),
            ["stderr"] = run.Error,
            ["step summary"] = File.ReadAllText(stepSummary),
            ["GITHUB_OUTPUT"] = File.Exists(outputs) ? File.ReadAllText(outputs) : "",
        };
        for (var i = 0; i < server.Requests.Count; i++)
        {
            places[$"model request {i + 1}"] = server.Requests[i].Body;
        }

        foreach (var file in Directory.EnumerateFiles(run.OutputDirectory, "*", SearchOption.AllDirectories))
        {
            places[Path.GetFileName(file)] = File.ReadAllText(file);
        }

        Assert.Contains("fix.patch", places.Keys);
        Assert.Contains("trajectory.jsonl", places.Keys);
        Assert.Contains("Pricing feed token: ***", places["fix.patch"]);
        var leaks = from place in places
                    from secret in AllSecrets
                    where place.Value.Contains(secret, StringComparison.Ordinal)
                    select $"{secret} in {place.Key}";
        Assert.Empty(leaks);
    }
}
