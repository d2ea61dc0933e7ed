using CiAgent.Kernel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Policy;

/// <summary>suppressed-warning: the fix silences diagnostics instead of fixing them, in code, project files or analyzer config.</summary>
public sealed class SuppressedWarningRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "suppressed-warning";

    private static readonly string[] ProjectExtensions = [".csproj", ".props", ".targets", ".vbproj", ".fsproj"];
    private static readonly string[] AnalyzerConfigNames = [".editorconfig", ".globalconfig"];
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.None);

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        foreach (var change in changes.Where(change => change.After is not null))
        {
            var found = change.HasExtension(".cs") ? InCode(change)
                : ProjectExtensions.Any(change.HasExtension) ? InProject(change)
                : AnalyzerConfigNames.Any(change.HasExtension) ? InAnalyzerConfig(change)
                : [];
            foreach (var (line, message) in found)
            {
                yield return new PolicyViolation(RuleId, change.Path, line, message);
            }
        }
    }

    private static IEnumerable<(int Line, string Message)> InCode(FileChange change)
    {
        var before = Suppressions(change.Before).Select(item => item.Key).ToList();
        return Suppressions(change.After)
            .Where(item => !before.Remove(item.Key))
            .Select(item => (item.Line, item.Message));
    }

    private static IEnumerable<(string Key, int Line, string Message)> Suppressions(string? text)
    {
        if (text is null)
        {
            yield break;
        }

        var root = CSharpSyntaxTree.ParseText(text, ParseOptions).GetRoot();
        foreach (var directive in root.DescendantTrivia(descendIntoTrivia: true).Select(trivia => trivia.GetStructure()).OfType<DirectiveTriviaSyntax>())
        {
            var line = TestSource.LineOf(directive);
            switch (directive)
            {
                case PragmaWarningDirectiveTriviaSyntax pragma when pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword):
                    var codes = pragma.ErrorCodes.Count == 0 ? ["all warnings"] : pragma.ErrorCodes.Select(code => code.ToString().Trim()).ToArray();
                    foreach (var code in codes)
                    {
                        yield return ($"pragma {code}", line, $"new '#pragma warning disable' silences {code}");
                    }

                    break;
                case NullableDirectiveTriviaSyntax nullable when nullable.SettingToken.IsKind(SyntaxKind.DisableKeyword):
                    yield return ($"nullable {nullable.TargetToken.ValueText}", line, $"new '{directive.ToString().Trim()}' turns off nullable warnings");
                    break;
            }
        }

        foreach (var attribute in root.DescendantNodes().OfType<AttributeSyntax>())
        {
            if (TestSource.NameOf(attribute) is "SuppressMessage" or "UnconditionalSuppressMessage")
            {
                yield return ($"attribute {TestSource.Normalized(attribute)}", TestSource.LineOf(attribute), $"new [{attribute}]");
            }
        }
    }

    private static IEnumerable<(int Line, string Message)> InProject(FileChange change)
    {
        var before = ProjectSettings.Read(change.Before);
        var after = ProjectSettings.Read(change.After);
        if (after is null)
        {
            yield break;
        }

        before ??= ProjectSettings.Empty;
        foreach (var (property, codes) in after.CodeLists)
        {
            var added = codes.Where(code => !before.CodesOf(property).Contains(code.Code)).ToList();
            if (added.Count > 0)
            {
                yield return (added[0].Line, $"<{property}> now also lists {string.Join(", ", added.Select(code => code.Code).Distinct())}");
            }
        }

        foreach (var property in new[] { "TreatWarningsAsErrors", "RunAnalyzers", "EnableNETAnalyzers", "RunAnalyzersDuringBuild" })
        {
            if (after.SwitchedOff(before, property) is { } current)
            {
                yield return (current.Line, $"{property} set to {current.Value}");
            }
        }

        var oldNullable = before.Last("Nullable")?.Value;
        var nullable = after.Last("Nullable");
        if (nullable is not null && nullable.Value.Value.ToLowerInvariant() is "disable" or "annotations" && !string.Equals(oldNullable, nullable.Value.Value, StringComparison.OrdinalIgnoreCase))
        {
            yield return (nullable.Value.Line, $"<Nullable> changed from {oldNullable ?? "unset"} to {nullable.Value.Value}, which turns off nullable warnings");
        }
        else if (nullable is null && oldNullable?.ToLowerInvariant() is "enable" or "warnings")
        {
            yield return (0, $"<Nullable>{oldNullable}</Nullable> removed, which turns off nullable warnings");
        }

        var oldLevel = before.Last("WarningLevel");
        var level = after.Last("WarningLevel");
        if (level is not null && int.TryParse(level.Value.Value, out var newLevel) && newLevel < (int.TryParse(oldLevel?.Value, out var previous) ? previous : 4))
        {
            yield return (level.Value.Line, $"WarningLevel lowered from {oldLevel?.Value ?? "the default"} to {newLevel}");
        }
    }

    private static IEnumerable<(int Line, string Message)> InAnalyzerConfig(FileChange change)
    {
        // dotnet_diagnostic.CA1822.severity = none (or silent, suggestion) hides a warning as surely as NoWarn does.
        var before = (change.Before ?? string.Empty).Split('\n').Select(line => line.Replace(" ", string.Empty, StringComparison.Ordinal).Trim()).ToList();
        var lines = change.After!.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var compact = lines[index].Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
            if (compact.Contains(".severity=", StringComparison.OrdinalIgnoreCase)
                && compact.Split('=')[^1].ToLowerInvariant() is "none" or "silent" or "suggestion"
                && !before.Remove(compact))
            {
                yield return (index + 1, $"new '{lines[index].Trim()}' hides a diagnostic");
            }
        }
    }

}
