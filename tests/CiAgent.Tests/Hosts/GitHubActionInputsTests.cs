using CiAgent.Outputs.Hosts;
using CiAgent.Tests.Strategies;

namespace CiAgent.Tests.Hosts;

public sealed class GitHubActionInputsTests
{
    private const string Checkout = "/github/workspace";

    [Fact]
    public void Every_action_input_is_consumed_in_its_mode_and_refused_in_the_other()
    {
        var action = ActionDefinition.Load();
        var modes = new[] { DefaultsOf(action), ImplementDefaultsOf(action) };
        Assert.Equal("heal", GitHubActionInputs.ToArguments(modes[0])[0]);
        Assert.Equal("implement", GitHubActionInputs.ToArguments(modes[1])[0]);

        // The mode input is consumed by choosing the command, checked above.
        foreach (var input in action.Inputs.Keys.Except(GitHubActionInputs.EnvironmentOnlyInputs).Except(["mode"]))
        {
            var consumed = false;
            foreach (var mode in modes)
            {
                var baseline = GitHubActionInputs.ToArguments(mode);
                var environment = new Dictionary<string, string?>(mode) { [$"INPUT_{input.ToUpperInvariant()}"] = SampleValue(input, action.Inputs[input]) };
                try
                {
                    consumed |= !GitHubActionInputs.ToArguments(environment).SequenceEqual(baseline);
                }
                catch (ActionInputException e)
                {
                    Assert.Equal($"Input '{input}' does not apply when mode is {mode["INPUT_MODE"]}; remove it or change the mode.", e.Message);
                }
            }

            Assert.True(consumed, $"Input '{input}' does not change the arguments in any mode.");
        }

        // The secret inputs reach the agent through runs.env, and never through arguments.
        var env = action.Runs.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("env")].ToString();
        foreach (var input in GitHubActionInputs.EnvironmentOnlyInputs)
        {
            Assert.Contains(input, action.Inputs.Keys);
            Assert.Contains($"${{{{ inputs.{input} }}}}", env, StringComparison.Ordinal);
            var environment = DefaultsOf(action);
            environment[$"INPUT_{input.ToUpperInvariant()}"] = "s3cr3t-value";
            Assert.DoesNotContain(GitHubActionInputs.ToArguments(environment), argument => argument.Contains("s3cr3t", StringComparison.Ordinal));
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
                "heal",
                "--workspace", "/github/workspace/services/api",
                "--out", "/github/workspace/.ciagent",
                "--base-url", "http://localhost:11434/v1",
                "--commit", "pull-request",
                "--max-cost", "1.50",
                "--timeout", "30",
                "--protected-paths", ".github/**", "--protected-paths", "**/*.csproj", "--protected-paths", "docs/**",
                "--no-tests",
            ],
            GitHubActionInputs.ToArguments(environment));
    }

    [Fact]
    public void A_debug_rerun_turns_on_debug_logging()
    {
        var arguments = GitHubActionInputs.ToArguments(new Dictionary<string, string?> { ["GITHUB_WORKSPACE"] = Checkout, ["RUNNER_DEBUG"] = "1" });

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

        var error = Assert.Throws<ActionInputException>(() => GitHubActionInputs.ToArguments(environment));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Implement_mode_passes_the_spec_path_and_the_implement_options()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_WORKSPACE"] = Checkout,
            ["INPUT_MODE"] = "implement",
            ["INPUT_SPEC"] = "specs/001-photo-albums",
            ["INPUT_COMMIT"] = "pull-request",
            ["INPUT_MAX-REVIEW-ROUNDS"] = "3",
            ["INPUT_ON-AMBIGUITY"] = "ask",
            ["INPUT_NO-TESTS"] = "false",
            ["INPUT_ALLOW-TEST-EDITS"] = "false",
        };

        Assert.Equal(
            [
                "implement", "--spec", "specs/001-photo-albums",
                "--workspace", "/github/workspace",
                "--out", "/github/workspace/.ciagent",
                "--commit", "pull-request",
                "--max-review-rounds", "3",
                "--on-ambiguity", "ask",
            ],
            GitHubActionInputs.ToArguments(environment));
    }

    [Fact]
    public void Spec_issue_implements_the_issue_in_the_event_payload()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_WORKSPACE"] = Checkout,
            ["GITHUB_EVENT_PATH"] = "/github/workflow/event.json",
            ["INPUT_MODE"] = "implement",
            ["INPUT_SPEC"] = "issue",
        };

        Assert.Equal(["implement", "--spec-event", "/github/workflow/event.json"], GitHubActionInputs.ToArguments(environment)[..3]);
    }

    [Theory]
    [InlineData("INPUT_MODE", "triage", "Input 'mode' must be heal or implement, not 'triage'.")]
    [InlineData("INPUT_SPEC", "specs/feature.md", "Input 'spec' does not apply when mode is heal; remove it or change the mode.")]
    [InlineData("INPUT_ON-AMBIGUITY", "ask", "Input 'on-ambiguity' does not apply when mode is heal; remove it or change the mode.")]
    public void Heal_mode_refuses_an_unknown_mode_and_the_implement_inputs(string variable, string value, string message)
    {
        var environment = new Dictionary<string, string?> { ["GITHUB_WORKSPACE"] = Checkout, [variable] = value };

        var error = Assert.Throws<ActionInputException>(() => GitHubActionInputs.ToArguments(environment));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(null, null, "Input 'spec' is required when mode is implement: a Markdown file or a Spec Kit, OpenSpec or Kiro folder, or 'issue'.")]
    [InlineData("issue", null, "Input 'spec' is 'issue', but GITHUB_EVENT_PATH is not set, so there is no event to read the issue from.")]
    [InlineData("spec.md", "INPUT_NO-TESTS", "Input 'no-tests' does not apply when mode is implement; remove it or change the mode.")]
    [InlineData("spec.md", "INPUT_PROTECTED-PATHS", "Input 'protected-paths' does not apply when mode is implement; remove it or change the mode.")]
    [InlineData("spec.md", "INPUT_ON-AMBIGUITY", "Input 'on-ambiguity' must be assume or ask, not 'true'.")]
    [InlineData("spec.md", "INPUT_MAX-REVIEW-ROUNDS", "Input 'max-review-rounds' must be a non-negative whole number, not 'true'.")]
    public void Implement_mode_refuses_a_missing_spec_and_the_heal_inputs(string? spec, string? variable, string message)
    {
        var environment = new Dictionary<string, string?> { ["GITHUB_WORKSPACE"] = Checkout, ["INPUT_MODE"] = "implement", ["INPUT_SPEC"] = spec };
        if (variable is not null)
        {
            environment[variable] = "true";
        }

        var error = Assert.Throws<ActionInputException>(() => GitHubActionInputs.ToArguments(environment));

        Assert.Equal(message, error.Message);
    }

    private static Dictionary<string, string?> ImplementDefaultsOf(ActionDefinition action) =>
        new(DefaultsOf(action)) { ["INPUT_MODE"] = "implement", ["INPUT_SPEC"] = "specs/feature.md" };

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
        "max-model-calls" or "max-tokens" or "timeout-minutes" or "max-review-rounds" => "7",
        "max-cost" => "2.5",
        "commit" => "push",
        "on-ambiguity" => "ask",
        "base-url" => "http://localhost:1234/v1",
        "working-directory" => "src",
        "out-dir" => "artifacts/ciagent",
        _ => $"sample-{input}",
    };
}
