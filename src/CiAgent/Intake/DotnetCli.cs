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

    /// <summary>A dotnet command in the given directory with the stable environment.</summary>
    public static ExternalCommand Create(string workingDirectory) =>
        new ExternalCommand("dotnet").WithWorkingDirectory(workingDirectory).WithEnvironmentVariables(Environment);
}
