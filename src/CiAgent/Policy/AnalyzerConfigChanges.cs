using System.Text.RegularExpressions;

namespace CiAgent.Policy;

/// <summary>Reads .editorconfig, .globalconfig and rule set changes for severities that went down.</summary>
internal static partial class AnalyzerConfigChanges
{
    private static readonly string[] AnalyzerConfigNames = [".editorconfig", ".globalconfig"];

    /// <summary>True for an analyzer config file: by its name, or by is_global = true in any file a project lists as GlobalAnalyzerConfigFiles.</summary>
    public static bool Applies(FileChange change) =>
        change.After is not null && (AnalyzerConfigNames.Any(change.HasExtension) || GlobalConfigPattern().IsMatch(change.After));

    /// <summary>Severities lowered and code marked as generated, with the line in the new text.</summary>
    public static IEnumerable<(int Line, string Message)> Weakened(FileChange change)
    {
        // dotnet_diagnostic.CA1822.severity = none (or a step down from error) hides a warning as surely as NoWarn does; keys are compared within their [section].
        var before = AnalyzerConfigEntries(change.Before ?? string.Empty).ToDictionary(entry => (entry.Section, entry.Key), entry => entry.Value);
        foreach (var (section, key, value, line, text) in AnalyzerConfigEntries(change.After!))
        {
            var old = before.GetValueOrDefault((section, key));
            // A new key may say warning or error; an existing one may not step down.
            var lowered = old is null ? Severity(value) < Severity("warning") : Severity(value) < Severity(old);
            if (key.EndsWith(".severity", StringComparison.Ordinal) && lowered)
            {
                yield return (line, old is null ? $"new '{text}' hides a diagnostic" : $"new '{text}' lowers a diagnostic's severity from {old}");
            }
            else if (key == "generated_code" && value == "true" && old != "true")
            {
                yield return (line, $"new '{text}' marks code as generated, which hides it from analyzers and nullable warnings");
            }
        }
    }

    private static IEnumerable<(string Section, string Key, string Value, int Line, string Text)> AnalyzerConfigEntries(string text)
    {
        var section = string.Empty;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line;
            }
            else if (!line.StartsWith('#') && !line.StartsWith(';') && line.IndexOf('=', StringComparison.Ordinal) is > 0 and var equals)
            {
                yield return (section, line[..equals].Trim().ToLowerInvariant(), line[(equals + 1)..].Split('#', ';')[0].Trim().ToLowerInvariant(), index + 1, line);
            }
        }
    }

    // Higher is stricter; an absent severity is the rule's default, which the rule cannot know, so it counts as error (anything weaker is a step down).
    private static int Severity(string? value) => value switch
    {
        "none" => 0,
        "silent" => 1,
        "suggestion" => 2,
        "warning" => 3,
        _ => 4,
    };

    /// <summary>Rules a .ruleset newly sets to None, Hidden or Info (the older spelling of severity = none), with their line.</summary>
    public static IEnumerable<(int Line, string Message)> WeakenedRuleSet(FileChange change)
    {
        var before = (change.Before ?? string.Empty).Split('\n').Select(line => line.Trim()).ToList();
        var lines = change.After!.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (RuleSetWeakActionPattern().IsMatch(line) && !before.Remove(line))
            {
                yield return (index + 1, $"new '{line}' hides a diagnostic");
            }
        }
    }

    [GeneratedRegex(@"^\s*is_global\s*=\s*true", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GlobalConfigPattern();

    [GeneratedRegex(@"Action\s*=\s*""(None|Hidden|Info)""", RegexOptions.IgnoreCase)]
    private static partial Regex RuleSetWeakActionPattern();
}
