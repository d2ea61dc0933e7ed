using CiAgent.Kernel;
using CiAgent.Policy;
using CiAgent.Security;
using CiAgent.Settings;

namespace CiAgent.Tests.Settings;

public sealed class SettingsResolverTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];
    private readonly string _workspace = Directory.CreateTempSubdirectory("ciagent-settings-").FullName;

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    [Fact]
    public void Defaults_put_the_outputs_inside_the_workspace_and_leave_the_model_off()
    {
        var settings = SettingsResolver.Resolve(new CommandLineValues(), NoEnvironment, _workspace);

        Assert.Equal(_workspace, settings.Workspace);
        Assert.Equal(Path.Combine(_workspace, ".ciagent"), settings.Outputs.Directory);
        Assert.Equal(Path.Combine(_workspace, ".ciagent", "report.json"), settings.Outputs.ReportPath);
        Assert.True(settings.Outputs.InsideWorkspace);
        Assert.Equal("none", settings.Model.Provider);
        Assert.False(settings.Model.ProviderExplicit);
        Assert.Equal(CommitMode.None, settings.Delivery.Commit);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.Limits.Timeout);
        Assert.Equal(30, settings.Limits.Agent.MaxModelCalls);
        Assert.Equal(2, settings.Limits.FlakeReruns);
    }

    [Fact]
    public void A_runner_s_workspace_and_temp_folder_come_from_its_environment()
    {
        var runnerTemp = Path.Combine(_workspace, "..", "runner-temp");
        var environment = new Dictionary<string, string?> { ["GITHUB_WORKSPACE"] = _workspace, ["RUNNER_TEMP"] = runnerTemp, ["BUILD_SOURCESDIRECTORY"] = "/elsewhere" };

        var settings = SettingsResolver.Resolve(new CommandLineValues(), environment, "/");

        Assert.Equal(_workspace, settings.Workspace);
        Assert.Equal(Path.Combine(runnerTemp, "ciagent"), settings.Outputs.Directory);
        Assert.False(settings.Outputs.InsideWorkspace);
    }

    [Fact]
    public void The_command_line_wins_over_the_configuration_file_which_wins_over_the_defaults()
    {
        File.WriteAllText(Path.Combine(_workspace, ".ciagent.yml"), """
            provider: openai
            model: from-file
            limits: { maxModelCalls: 7, maxCostUsd: 0.5, timeoutMinutes: 12, requestTimeoutSeconds: 45, requestRetries: 1 }
            """);

        var settings = SettingsResolver.Resolve(new CommandLineValues { Workspace = _workspace, Model = "from-line", MaxModelCalls = 3 }, NoEnvironment, "/");

        Assert.Equal("openai", settings.Model.Provider);
        Assert.True(settings.Model.ProviderExplicit);
        Assert.Equal("from-line", settings.Model.Model);
        Assert.Equal(3, settings.Limits.Agent.MaxModelCalls);
        Assert.Equal(0.5m, settings.Limits.Agent.MaxCostUsd);
        Assert.Equal(TimeSpan.FromMinutes(12), settings.Limits.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.Model.RequestTimeout);
        Assert.Equal(1, settings.Model.RequestRetries);
    }

    [Fact]
    public void Protected_paths_are_merged_once_from_the_defaults_the_file_and_the_command_line()
    {
        File.WriteAllText(Path.Combine(_workspace, ".ciagent.yml"), """
            policy:
              protectedPaths: [ "src/Generated/**", "!global.json" ]
            """);

        var settings = SettingsResolver.Resolve(
            new CommandLineValues { Workspace = _workspace, ProtectedPaths = ["docs/**, contracts/*.json", "db/**"] }, NoEnvironment, "/");

        var paths = settings.Policy.ProtectedPaths;
        Assert.Contains(".github/", paths);
        Assert.DoesNotContain("global.json", paths);
        Assert.Equal(["src/Generated/**", "docs/**", "contracts/*.json", "db/**"], paths.Skip(paths.Length - 4));
        Assert.Equal(paths.Length, paths.Distinct().Count());
    }

    [Fact]
    public void Allowing_test_edits_opens_the_jail_but_never_turns_the_test_rules_off()
    {
        var settings = SettingsResolver.Resolve(new CommandLineValues { Workspace = _workspace, AllowTestEdits = true }, NoEnvironment, "/");

        Assert.True(settings.Jail.AllowTestEdits);
        Assert.Equal(IntegrityPolicyOptions.Default.ProtectedPaths.ToArray(), settings.Policy.ProtectedPaths.ToArray());
    }

    [Theory]
    [InlineData("--timeout must be a positive number of minutes, not 0.")]
    [InlineData("--max-model-calls must be a positive whole number, not -1.")]
    [InlineData("--max-tokens must be a positive whole number, not 0.")]
    [InlineData("--max-cost must be a positive number of US dollars, not 0.")]
    [InlineData("--flake-reruns must be zero or more, not -2.")]
    [InlineData("--base-url 'ftp://models.example' is not an http or https URL.")]
    [InlineData("--commit must be none, commit, push or pull-request, not 'sometimes'.")]
    public void Each_bad_value_is_refused_in_one_line_that_names_the_option(string expected)
    {
        var line = new CommandLineValues { Workspace = _workspace };
        line = expected.Split(' ')[0] switch
        {
            "--timeout" => line with { TimeoutMinutes = 0 },
            "--max-model-calls" => line with { MaxModelCalls = -1 },
            "--max-tokens" => line with { MaxTokens = 0 },
            "--max-cost" => line with { MaxCostUsd = 0 },
            "--flake-reruns" => line with { FlakeReruns = -2 },
            "--base-url" => line with { BaseUrl = "ftp://models.example" },
            _ => line with { Commit = "sometimes" },
        };

        var error = Assert.Throws<UsageException>(() => SettingsResolver.Resolve(line, NoEnvironment, "/"));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_missing_or_invalid_configuration_file_is_one_line_of_bad_input()
    {
        var missing = Assert.Throws<UsageException>(() => SettingsResolver.Resolve(new CommandLineValues { Workspace = _workspace, Config = "nope.yml" }, NoEnvironment, _workspace));
        File.WriteAllText(Path.Combine(_workspace, ".ciagent.yml"), "limits: { maxModelCalls: many }\n");
        var invalid = Assert.Throws<UsageException>(() => SettingsResolver.Resolve(new CommandLineValues { Workspace = _workspace }, NoEnvironment, "/"));

        Assert.Equal("--config 'nope.yml' does not exist.", missing.Message);
        Assert.DoesNotContain('\n', invalid.Message);
        Assert.Contains("maxModelCalls", invalid.Message, StringComparison.Ordinal);
    }
}
