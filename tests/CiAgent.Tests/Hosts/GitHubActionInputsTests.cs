using CiAgent.Outputs.Hosts;
using CiAgent.Tests.Strategies;

namespace CiAgent.Tests.Hosts;

public sealed class GitHubActionInputsTests
{
    private const string Checkout = "/github/workspace";

    [Fact]
    public void Every_action_input_is_consumed()
    {
        var action = ActionDefinition.Load();
        var baseline = GitHubActionInputs.ToHealArguments(DefaultsOf(action));

        foreach (var input in action.Inputs.Keys.Except(GitHubActionInputs.EnvironmentOnlyInputs))
        {
            var environment = DefaultsOf(action);
            environment[$"INPUT_{input.ToUpperInvariant()}"] = SampleValue(input, action.Inputs[input]);

            var arguments = GitHubActionInputs.ToHealArguments(environment);

            Assert.True(!arguments.SequenceEqual(baseline), $"Input '{input}' does not change the heal arguments.");
        }

        // The secret inputs reach the agent through runs.env, and never through arguments.
        var env = action.Runs.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("env")].ToString();
        foreach (var input in GitHubActionInputs.EnvironmentOnlyInputs)
        {
            Assert.Contains(input, action.Inputs.Keys);
            Assert.Contains($"${{{{ inputs.{input} }}}}", env, StringComparison.Ordinal);
            var environment = DefaultsOf(action);
            environment[$"INPUT_{input.ToUpperInvariant()}"] = "s3cr3t-value";
            Assert.DoesNotContain(GitHubActionInputs.ToHealArguments(environment), argument => argument.Contains("s3cr3t", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Every_action_output_is_written_by_the_GitHub_publisher()
    {
        using var runner = SimulatedRunner.GitHub();

        await new GitHubActionsHost(runner.Environment, runner.Console).PublishAsync(
            SampleReports.Healed(),
            new HostPublishContext { WorkspaceRoot = runner.Workspace, OutputDirectory = runner.OutputDirectory },
            CancellationToken.None);

        var written = runner.Outputs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=')[0]);
        Assert.Equal(ActionDefinition.Load().Outputs.Order(), written.Order());
    }

    [Fact]
    public void The_action_is_a_docker_action_started_through_the_ciagent_wrapper()
    {
        var action = ActionDefinition.Load();

        Assert.Equal("docker", action.Scalar(action.Runs, "using"));
        Assert.Equal("Dockerfile", action.Scalar(action.Runs, "image"));
        Assert.Equal("/usr/local/bin/ciagent", action.Scalar(action.Runs, "entrypoint"));
        Assert.Equal("action", action.Runs.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("args")][0].ToString());
    }

    [Fact]
    public void Inputs_are_read_with_hyphens_kept()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_WORKSPACE"] = Checkout,
            ["INPUT_MODE"] = "heal",
            ["INPUT_WORKING-DIRECTORY"] = "services/api",
            ["INPUT_BASE-URL"] = "http://localhost:11434/v1",
            ["INPUT_BASE_URL"] = "http://ignored.example/v1",
            ["INPUT_COMMIT"] = "pull-request",
            ["INPUT_MAX-COST"] = "1.50",
            ["INPUT_TIMEOUT-MINUTES"] = "30",
            ["INPUT_PROTECTED-PATHS"] = ".github/**\n  **/*.csproj, docs/**\n",
            ["INPUT_NO-TESTS"] = "true",
            ["INPUT_ALLOW-DIRTY"] = "false",
            ["INPUT_DEBUG"] = "",
            ["INPUT_OUT-DIR"] = ".ciagent",
            ["INPUT_API-KEY"] = "sk-secret",
        };

        Assert.Equal(
            [
                "heal", "--mode", "heal",
                "--workspace", "/github/workspace/services/api",
                "--out", "/github/workspace/.ciagent",
                "--base-url", "http://localhost:11434/v1",
                "--commit", "pull-request",
                "--max-cost", "1.50",
                "--timeout", "30",
                "--protected-paths", ".github/**", "--protected-paths", "**/*.csproj", "--protected-paths", "docs/**",
                "--no-tests",
            ],
            GitHubActionInputs.ToHealArguments(environment));
    }

    [Fact]
    public void A_debug_rerun_turns_on_debug_logging()
    {
        var arguments = GitHubActionInputs.ToHealArguments(new Dictionary<string, string?> { ["GITHUB_WORKSPACE"] = Checkout, ["RUNNER_DEBUG"] = "1" });

        Assert.Equal("--debug", arguments[^1]);
    }

    [Theory]
    [InlineData("INPUT_NO-TESTS", "yes", "Input 'no-tests' must be true or false, not 'yes'.")]
    [InlineData("INPUT_COMMIT", "merge", "Input 'commit' must be one of none, commit, push, pull-request, not 'merge'.")]
    [InlineData("INPUT_MAX-MODEL-CALLS", "-1", "Input 'max-model-calls' must be a non-negative whole number, not '-1'.")]
    [InlineData("INPUT_MAX-TOKENS", "0", "Input 'max-tokens' must be a positive whole number, not '0'.")]
    [InlineData("INPUT_TIMEOUT-MINUTES", "half an hour", "Input 'timeout-minutes' must be a positive number, not 'half an hour'.")]
    public void Bad_values_name_the_input(string variable, string value, string message)
    {
        var environment = new Dictionary<string, string?> { ["GITHUB_WORKSPACE"] = Checkout, [variable] = value };

        var error = Assert.Throws<ActionInputException>(() => GitHubActionInputs.ToHealArguments(environment));

        Assert.Equal(message, error.Message);
    }

    private static Dictionary<string, string?> DefaultsOf(ActionDefinition action)
    {
        var environment = new Dictionary<string, string?> { ["GITHUB_WORKSPACE"] = Checkout };
        foreach (var (name, value) in action.Inputs)
        {
            // The runner evaluates expressions in defaults; a token default arrives as an opaque string.
            environment[$"INPUT_{name.ToUpperInvariant()}"] = value is not null && value.Contains("${{", StringComparison.Ordinal) ? "ghs_token" : value ?? "";
        }

        return environment;
    }

    private static string SampleValue(string input, string? defaultValue) => input switch
    {
        _ when defaultValue is "false" => "true",
        "max-model-calls" or "max-tokens" or "timeout-minutes" => "7",
        "max-cost" => "2.5",
        "commit" => "push",
        "mode" => "triage",
        "base-url" => "http://localhost:1234/v1",
        "working-directory" => "src",
        "out-dir" => "artifacts/ciagent",
        _ => $"sample-{input}",
    };
}
