using System.Reflection;
using System.Text.Json;
using CiAgent.Intake;
using CiAgent.Processes;

namespace CiAgent.Tests.EndToEnd;

/// <summary>What one run of the real ciagent executable left behind.</summary>
internal sealed record CiAgentRun(int ExitCode, string Output, string Error, string OutputDirectory)
{
    /// <summary>The JSON report the run wrote.</summary>
    public JsonElement Report => JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "report.json"))).RootElement;

    /// <summary>Everything the run printed, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs the built ciagent.dll as a child process, the way CI runs it.</summary>
internal static class CiAgentExecutable
{
    // CI variables of the machine running the tests must not leak into the child and change its defaults.
    internal static readonly string[] Cleared =
    [
        "GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_EVENT_PATH", "RUNNER_TEMP",
        "TF_BUILD", "BUILD_SOURCESDIRECTORY", "AGENT_TEMPDIRECTORY",
        "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GITHUB_TOKEN", "CIAGENT_API_KEY",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    ];

    /// <summary>What the image's launcher (<c>docker/ciagent</c>) sets for ciagent's own process: no background re-JIT, kept from its dotnet children.</summary>
    internal static readonly IReadOnlyDictionary<string, string?> Launcher = new Dictionary<string, string?>
    {
        ["DOTNET_TC_CallCounting"] = "0",
        [DotnetCli.SelfOnlyVariable] = "DOTNET_TC_CallCounting",
    };

    /// <summary>The ciagent.dll built beside the tests, in the CLI project's own output folder (same configuration).</summary>
    public static string ExecutablePath { get; } = Path.Combine(
        TestPaths.RepositoryRoot,
        "src",
        "CiAgent.Cli",
        "bin",
        typeof(CiAgentExecutable).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0",
        "ciagent.dll");

    /// <summary>Runs ciagent with the given arguments in the workspace, output going to a fresh temp folder.</summary>
    public static async Task<CiAgentRun> RunAsync(string workspace, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var outDirectory = Path.Combine(Path.GetTempPath(), "ciagent-e2e-out", Guid.NewGuid().ToString("N")[..8]);
        var hasOut = arguments.Contains("--out");
        var command = new ExternalCommand("dotnet")
            .WithArguments(["exec", ExecutablePath, .. arguments, .. arguments.FirstOrDefault() == "heal" && !hasOut ? new[] { "--out", outDirectory } : []])
            .WithWorkingDirectory(workspace)
            .WithEnvironmentVariables(Cleared.Select(name => KeyValuePair.Create(name, (string?)null)))
            .WithEnvironmentVariables(Launcher)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithTimeout(TimeSpan.FromMinutes(5));
        var result = await command.ExecuteAsync();
        return new CiAgentRun(result.ExitCode, result.StandardOutput, result.StandardError, outDirectory);
    }

    /// <summary>Runs `ciagent heal` offline on the workspace with extra arguments.</summary>
    public static Task<CiAgentRun> HealAsync(string workspace, params string[] arguments) =>
        RunAsync(workspace, null, ["heal", "--workspace", workspace, .. (arguments.Contains("--provider") ? Array.Empty<string>() : ["--provider", "none"]), .. arguments]);
}
