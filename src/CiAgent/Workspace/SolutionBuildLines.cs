using System.Text.RegularExpressions;

namespace CiAgent.Workspace;

/// <summary>The <c>Build.0</c> lines of a .sln file: which project is built in which solution configuration.</summary>
public static partial class SolutionBuildLines
{
    /// <summary>Each <c>{GUID}.Debug|Any CPU.Build.0 = …</c> line as the project's GUID and the configuration it is built in; dropping the line leaves the project listed but unbuilt there.</summary>
    public static IEnumerable<(string Guid, string Configuration)> In(string? text) =>
        BuildLine().Matches(text ?? string.Empty).Select(match => (match.Groups["guid"].Value, match.Groups["configuration"].Value));

    [GeneratedRegex(@"\{(?<guid>[0-9A-Fa-f-]+)\}\.(?<configuration>[^\r\n=]*)\.Build\.0\s*=")]
    private static partial Regex BuildLine();
}
