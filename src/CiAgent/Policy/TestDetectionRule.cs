using CiAgent.Kernel;
using CiAgent.Security;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Policy;

/// <summary>test-detection: code outside the tests starts referring to a test framework, the test host or the runner's environment, so it can behave differently under test.</summary>
public sealed class TestDetectionRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "test-detection";

    private static readonly string[] ProjectExtensions = [".csproj", ".props", ".targets", ".vbproj", ".fsproj"];

    // Text in a string that names a test framework, the test host process, or the variables the runners set (VSTEST_*, TESTINGPLATFORM_*).
    private static readonly string[] LiteralMarkers =
        ["xunit", "nunit", "mstest", "testhost", "vstest", "testplatform", "testingplatform", "Microsoft.VisualStudio.TestTools", "ReSharperTestRunner"];

    // Namespace parts of the test frameworks: using Xunit; typeof(NUnit.Framework.TestAttribute); Microsoft.VisualStudio.TestTools.
    private static readonly HashSet<string> NamespaceMarkers = new(StringComparer.Ordinal) { "Xunit", "NUnit", "TUnit", "TestTools", "TestPlatform" };

    private static readonly string[] TestPackages = ["xunit", "xunit.v3", "xunit.core", "xunit.assert", "NUnit", "MSTest", "MSTest.TestFramework", "Microsoft.NET.Test.Sdk", "TUnit"];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.None);

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public string Instead => "Make the code behave the same under test as in production; never branch on the test framework, the test host or the runner's environment.";

    /// <inheritdoc />
    public IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        // Test code may name its framework freely; what matters is production code learning that it is being tested.
        foreach (var change in changes.Where(change => !change.IsTestFile && change.After is not null && !TestFileClassifier.IsInTestFolder(change.Path)))
        {
            var found = change.HasExtension(".cs") ? InCode(change)
                : ProjectExtensions.Any(change.HasExtension) ? InProject(change)
                : [];
            foreach (var (line, message) in found)
            {
                yield return new PolicyViolation(RuleId, change.Path, line, message);
            }
        }
    }

    private static IEnumerable<(int Line, string Message)> InCode(FileChange change)
    {
        var before = Markers(change.Before).Select(marker => marker.Text).ToList();
        return Markers(change.After).Where(marker => !before.Remove(marker.Text))
            .Select(marker => (marker.Line, $"production code now refers to {marker.Text}, {marker.What}, so it can tell it is under test"));
    }

    private static IEnumerable<(string Text, int Line, string What)> Markers(string? text)
    {
        if (text is null)
        {
            yield break;
        }

        foreach (var token in CSharpSyntaxTree.ParseText(text, ParseOptions).GetRoot().DescendantTokens())
        {
            var line = token.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            if (IsText(token) && LiteralMarkers.FirstOrDefault(marker => token.ValueText.Contains(marker, StringComparison.OrdinalIgnoreCase)) is { } marker)
            {
                yield return ($"\"{TextShape.Cap(TextShape.OneLine(token.ValueText), 80)}\"", line, $"which names {Describe(marker)}");
            }
            else if (token.IsKind(SyntaxKind.IdentifierToken) && NamespaceMarkers.Contains(token.ValueText))
            {
                yield return (token.ValueText, line, "a test framework's namespace");
            }
        }
    }

    private static bool IsText(SyntaxToken token) =>
        token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringTextToken) || token.IsKind(SyntaxKind.Utf8StringLiteralToken)
        || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken);

    private static string Describe(string marker) => marker switch
    {
        "testhost" => "the test host process",
        "vstest" or "testplatform" or "testingplatform" => "the test runner or a variable it sets",
        _ => "a test framework",
    };

    private static IEnumerable<(int Line, string Message)> InProject(FileChange change)
    {
        var before = ProjectSettings.Read(change.Before) ?? ProjectSettings.Empty;
        if (ProjectSettings.Read(change.After) is not { } after)
        {
            yield break;
        }

        var known = before.Items("PackageReference").Concat(before.Items("ProjectReference")).Select(item => item.Include).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (include, _, _, line) in after.Items("PackageReference").Where(item => item.Include is { } name && !known.Contains(name) && TestPackages.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            yield return (line, $"production project now references the test package {include}");
        }

        foreach (var (include, _, _, line) in after.Items("ProjectReference").Where(item => item.Include is { } path && !known.Contains(path) && TestFileClassifier.IsInTestFolder(path.Replace('\\', '/'))))
        {
            yield return (line, $"production project now references the test project {include}");
        }
    }
}
