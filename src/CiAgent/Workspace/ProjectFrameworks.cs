using System.Text.RegularExpressions;

namespace CiAgent.Workspace;

/// <summary>What a project's files say about the frameworks it builds, read as text rather than evaluated by MSBuild.</summary>
public static partial class ProjectFrameworks
{
    /// <summary>True when the project, or a <c>Directory.Build.props</c> above it, names <c>TargetFrameworks</c>: its build may be an outer one.</summary>
    /// <remarks>Frameworks set in another imported file are not seen; callers treat a false answer as likely, not certain.</remarks>
    public static bool MayBeSeveral(string projectPath) => Values(projectPath).Any();

    /// <summary>True when a <c>TargetFrameworks</c> the project or a <c>Directory.Build.props</c> above it names lists more than one, or is computed.</summary>
    public static bool MayBuildSideBySide(string projectPath) => Values(projectPath).Any(value => value.Contains(';') || value.Contains('$'));

    /// <summary>The frameworks the project's <c>TargetFramework</c> and <c>TargetFrameworks</c> elements, and those of the <c>Directory.Build.props</c> above it, name literally, nearest first.</summary>
    public static IEnumerable<string> Named(string projectPath) =>
        Elements(projectPath)
            .SelectMany(match => match.Groups["frameworks"].Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(framework => !framework.Contains('$'));

    /// <summary>N for a modern .NET framework moniker, netN.0 with an optional platform (net10.0-windows); 0 for netstandard, netcoreapp, .NET Framework and anything else.</summary>
    public static int DotnetMajor(string? framework) =>
        framework is not null && DotnetMoniker().Match(framework) is { Success: true } match && int.TryParse(match.Groups[1].Value, out var major) && major >= 5 ? major : 0;

    // Every TargetFrameworks value in the project and in the Directory.Build.props files above it, as written.
    private static IEnumerable<string> Values(string projectPath) =>
        Elements(projectPath).Where(match => match.Groups["plural"].Success).Select(match => match.Groups["frameworks"].Value.Trim());

    // Every TargetFramework and TargetFrameworks element in the project and the Directory.Build.props files above it, nearest first.
    private static IEnumerable<Match> Elements(string projectPath)
    {
        var files = new List<string> { projectPath };
        for (var folder = Path.GetDirectoryName(projectPath); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            files.Add(Path.Combine(folder, "Directory.Build.props"));
        }

        return files.Where(File.Exists).SelectMany(file => TargetFrameworkElement().Matches(File.ReadAllText(file)));
    }

    [GeneratedRegex(@"^net(\d+)\.\d+(?:-.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DotnetMoniker();

    [GeneratedRegex(@"<TargetFramework(?<plural>s)?(?:\s[^>]*)?>(?<frameworks>[^<]*)<", RegexOptions.IgnoreCase)]
    private static partial Regex TargetFrameworkElement();
}
