using CiAgent.Processes;

namespace CiAgent.Intake;

/// <summary>Builds <see cref="ExternalCommand"/>s for the real dotnet CLI with an environment that makes its output stable and parseable.</summary>
public static class DotnetCli
{
    /// <summary>The environment every dotnet invocation gets: English messages, no terminal logger, no colour, no first-run noise.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["DOTNET_CLI_UI_LANGUAGE"] = "en",
        ["MSBUILDTERMINALLOGGER"] = "off",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "0",
        ["NO_COLOR"] = "1",
        ["TERM"] = "dumb",
    };

    /// <summary>Names the runtime settings, space-separated, that ciagent's launcher set for ciagent's own process and that its dotnet children must not inherit.</summary>
    /// <remarks>The image's launcher turns off background re-JIT for the agent (see the README's design notes); the user's builds and tests run as they would without ciagent.</remarks>
    public const string SelfOnlyVariable = "CIAGENT_SELF_ONLY";

    /// <summary>Removes, for a child process, the variables this process's <see cref="SelfOnlyVariable"/> names, and that variable itself.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> SelfOnly { get; } = Unset(System.Environment.GetEnvironmentVariable(SelfOnlyVariable));

    /// <summary>A dotnet command in the given directory with the stable environment.</summary>
    public static ExternalCommand Create(string workingDirectory) =>
        new ExternalCommand("dotnet").WithWorkingDirectory(workingDirectory).WithEnvironmentVariables(Environment).WithEnvironmentVariables(SelfOnly);

    /// <summary>Each variable named in a <see cref="SelfOnlyVariable"/> value, and that variable, mapped to null (removed).</summary>
    internal static IReadOnlyList<KeyValuePair<string, string?>> Unset(string? names) =>
        string.IsNullOrWhiteSpace(names)
            ? []
            : [.. names.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Append(SelfOnlyVariable)
                .Distinct(StringComparer.Ordinal)
                .Select(name => new KeyValuePair<string, string?>(name, null))];
}
