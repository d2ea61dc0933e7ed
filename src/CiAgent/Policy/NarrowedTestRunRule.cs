using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Policy;

/// <summary>narrowed-test-run: the fix changes which tests run or how (a project taken out of the solution, test run settings, the global.json test runner, run properties).</summary>
public sealed partial class NarrowedTestRunRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "narrowed-test-run";

    private static readonly string[] ProjectExtensions = [".csproj", ".props", ".targets", ".vbproj", ".fsproj"];

    // Files whose only purpose is to shape a test run (filters, timeouts, skips) or every build's arguments.
    private static readonly string[] RunSettingsFiles = [".runsettings", "testconfig.json", "xunit.runner.json", ".rsp"];

    // MSBuild properties that dotnet test reads for its filter, settings file, arguments or runner.
    private static readonly string[] RunProperties =
    [
        "RunSettingsFilePath", "VSTestTestCaseFilter", "VSTestCLIRunSettings", "VSTestSetting", "TestingPlatformCommandLineArguments",
        "TestingPlatformDotnetTestSupport", "UseMicrosoftTestingPlatformRunner", "IsTestingPlatformApplication",
    ];

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public string Instead => "Leave the solution, the test run settings and the test runner as they are; change the code the failing tests exercise.";

    /// <inheritdoc />
    public IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        foreach (var change in changes)
        {
            var found = change.HasExtension(".sln") ? InSolution(change)
                : change.HasExtension(".slnx") ? InXmlSolution(change)
                : RunSettingsFiles.Any(change.HasExtension) ? InRunSettings(change)
                : change.Path.Equals("global.json", StringComparison.OrdinalIgnoreCase) || change.Path.EndsWith("/global.json", StringComparison.OrdinalIgnoreCase) ? InGlobalJson(change)
                : ProjectExtensions.Any(change.HasExtension) ? InProject(change)
                : [];
            foreach (var (line, message) in found)
            {
                yield return new PolicyViolation(RuleId, change.Path, line, message);
            }
        }
    }

    private static IEnumerable<(int Line, string Message)> InSolution(FileChange change)
    {
        var before = SolutionProjects(change.Before);
        var after = SolutionProjects(change.After);
        foreach (var (path, (name, guid, line)) in before)
        {
            if (!after.TryGetValue(path, out var now))
            {
                yield return (line, $"project {name} ({path}) was removed from the solution, so it is no longer built or tested");
            }
            else if (BuiltConfigurations(change.Before, guid).Except(BuiltConfigurations(change.After, now.Guid), StringComparer.Ordinal).FirstOrDefault() is { } configuration)
            {
                yield return (now.Line, $"project {name} is no longer built in the {configuration} configuration, so its tests do not run there");
            }
        }
    }

    private static Dictionary<string, (string Name, string Guid, int Line)> SolutionProjects(string? text)
    {
        var projects = new Dictionary<string, (string, string, int)>(StringComparer.OrdinalIgnoreCase);
        var lines = (text ?? string.Empty).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            if (SolutionProjectPattern().Match(lines[index]) is { Success: true } match && ProjectExtensions.Any(extension => match.Groups["path"].Value.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
            {
                projects[match.Groups["path"].Value.Replace('\\', '/')] = (match.Groups["name"].Value, match.Groups["guid"].Value.ToUpperInvariant(), index + 1);
            }
        }

        return projects;
    }

    private static IEnumerable<string> BuiltConfigurations(string? text, string guid) =>
        SolutionBuildLines.In(text).Where(line => line.Guid.Equals(guid, StringComparison.OrdinalIgnoreCase)).Select(line => line.Configuration);

    private static IEnumerable<(int Line, string Message)> InXmlSolution(FileChange change)
    {
        var before = XmlSolutionProjects(change.Before);
        var after = XmlSolutionProjects(change.After);
        foreach (var (path, (_, builds)) in before)
        {
            if (!after.TryGetValue(path, out var now))
            {
                yield return (0, $"project {path} was removed from the solution, so it is no longer built or tested");
            }
            else if (now.NotBuilt > builds)
            {
                yield return (now.Line, $"project {path} is no longer built (<Build Project=\"false\">), so its tests do not run");
            }
        }
    }

    private static Dictionary<string, (int Line, int NotBuilt)> XmlSolutionProjects(string? text)
    {
        var projects = new Dictionary<string, (int, int)>(StringComparer.OrdinalIgnoreCase);
        if (Parse(text) is not { } document)
        {
            return projects;
        }

        foreach (var project in document.Descendants().Where(element => element.Name.LocalName == "Project" && element.Attribute("Path") is not null))
        {
            var notBuilt = project.Elements().Count(child => child.Name.LocalName == "Build" && string.Equals((string?)child.Attribute("Project"), "false", StringComparison.OrdinalIgnoreCase));
            projects[((string)project.Attribute("Path")!).Replace('\\', '/')] = (((IXmlLineInfo)project).LineNumber, notBuilt);
        }

        return projects;
    }

    private static IEnumerable<(int Line, string Message)> InRunSettings(FileChange change)
    {
        // Any difference counts: a filter, a timeout, a skip switch or an argument here changes the run for every test at once.
        var before = (change.Before ?? string.Empty).Split('\n').Select(line => line.Trim()).ToList();
        var added = (change.After ?? string.Empty).Split('\n')
            .Select((text, index) => (Text: text.Trim(), Line: index + 1))
            .Where(line => line.Text.Length > 0 && !before.Remove(line.Text))
            .ToList();

        // Name the line that matters (the filter or the timeout) rather than the first new one, which is often only an opening tag.
        if (added.OrderByDescending(line => RunKeyPattern().IsMatch(line.Text)).FirstOrDefault() is { Text.Length: > 0 } shown)
        {
            yield return (shown.Line, $"'{TextShape.Cap(shown.Text, 120)}' changes how the tests are run (their filter, timeouts or arguments)");
            yield break;
        }

        if (before.Any(line => line.Length > 0))
        {
            yield return (0, change.After is null ? "the test run settings file was deleted" : "lines were removed from the test run settings");
        }
    }

    private static IEnumerable<(int Line, string Message)> InGlobalJson(FileChange change)
    {
        var before = TestSection(change.Before);
        var after = TestSection(change.After);
        if (before != after)
        {
            var line = (change.After ?? string.Empty).Split('\n').Select((text, index) => (text, index)).FirstOrDefault(item => item.text.Contains("\"test\"", StringComparison.Ordinal)).index;
            yield return (after is null ? 0 : line + 1, $"the test runner in global.json changed from {before ?? "the default"} to {after ?? "the default"}");
        }
    }

    // The "test" section of global.json picks the runner dotnet test uses (VSTest or Microsoft.Testing.Platform).
    private static string? TestSection(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("test", out var test)
                ? TextShape.OneLine(Regex.Replace(test.GetRawText(), @"\s+", string.Empty))
                : null;
        }
        catch (JsonException)
        {
            return text.Contains("\"test\"", StringComparison.Ordinal) ? "unreadable" : null;
        }
    }

    private static IEnumerable<(int Line, string Message)> InProject(FileChange change)
    {
        var before = ProjectSettings.Read(change.Before) ?? ProjectSettings.Empty;
        if (ProjectSettings.Read(change.After) is not { } after)
        {
            yield break;
        }

        foreach (var property in RunProperties)
        {
            var old = before.Last(property);
            var now = after.Last(property);
            if (old?.Value != now?.Value)
            {
                yield return (now?.Line ?? 0, $"<{property}> changed from {Show(old?.Value)} to {Show(now?.Value)}, which changes which tests run or how");
            }
        }
    }

    private static string Show(string? value) => value is null ? "unset" : $"'{value}'";

    private static XDocument? Parse(string? text)
    {
        try
        {
            return text is null ? null : XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\)\s*=\s*""(?<name>[^""]+)""\s*,\s*""(?<path>[^""]+)""\s*,\s*""\{(?<guid>[^}]+)\}""")]
    private static partial Regex SolutionProjectPattern();

    [GeneratedRegex("filter|where|timeout|skip|explicit|category|trait", RegexOptions.IgnoreCase)]
    private static partial Regex RunKeyPattern();
}
