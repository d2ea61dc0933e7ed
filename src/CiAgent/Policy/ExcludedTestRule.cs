using System.Xml;
using System.Xml.Linq;
using CiAgent.Kernel;

namespace CiAgent.Policy;

/// <summary>excluded-test: a project file takes tests out of the build or the run (IsTestProject false, Compile Remove, default items off, the test SDK or adapter removed, a test project retargeted).</summary>
public sealed class ExcludedTestRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "excluded-test";

    private static readonly string[] ProjectExtensions = [".csproj", ".props", ".targets", ".vbproj", ".fsproj"];

    // The packages that make a project a test project and let dotnet test find and run its tests.
    private static readonly string[] TestPackages =
    [
        "Microsoft.NET.Test.Sdk", "xunit", "xunit.v3", "xunit.runner.visualstudio", "NUnit", "NUnit3TestAdapter", "MSTest", "MSTest.TestAdapter", "MSTest.TestFramework", "TUnit",
    ];

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        foreach (var change in changes.Where(change => change.After is not null && ProjectExtensions.Any(change.HasExtension)))
        {
            if (Read(change.After) is not { } after)
            {
                continue;
            }

            var before = Read(change.Before) ?? new XDocument();
            foreach (var (line, message) in Exclusions(before, after, change.IsTestFile))
            {
                yield return new PolicyViolation(RuleId, change.Path, line, message);
            }
        }
    }

    private static IEnumerable<(int Line, string Message)> Exclusions(XDocument before, XDocument after, bool testProject)
    {
        foreach (var property in new[] { "IsTestProject", "EnableDefaultCompileItems" })
        {
            var old = Last(before, property);
            if (Last(after, property) is { } set && IsFalse(set.Value) && (old is null || !IsFalse(old.Value)))
            {
                yield return (Line(set), $"{property} set to {set.Value.Trim()}, which takes tests out of the run");
            }
        }

        var removedBefore = Elements(before, "Compile").Select(e => (string?)e.Attribute("Remove")).Where(r => r is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var remove in Elements(after, "Compile").Where(e => e.Attribute("Remove") is { } r && !removedBefore.Contains(r.Value)))
        {
            yield return (Line(remove), $"<Compile Remove=\"{remove.Attribute("Remove")!.Value}\"> takes source files out of the build");
        }

        var packagesAfter = Packages(after);
        foreach (var package in Packages(before).Where(p => TestPackages.Contains(p, StringComparer.OrdinalIgnoreCase) && !packagesAfter.Contains(p)))
        {
            yield return (0, $"the {package} package reference was removed, so the tests would no longer be found or run");
        }

        foreach (var property in new[] { "TargetFramework", "TargetFrameworks" })
        {
            if (testProject && Last(before, property) is { } old && Last(after, property) is { } now && old.Value.Trim() != now.Value.Trim())
            {
                yield return (Line(now), $"the test project's {property} changed from {old.Value.Trim()} to {now.Value.Trim()}");
            }
        }
    }

    private static XDocument? Read(string? text)
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

    private static IEnumerable<XElement> Elements(XDocument document, string name) => document.Descendants().Where(e => e.Name.LocalName == name);

    private static XElement? Last(XDocument document, string property) => Elements(document, property).LastOrDefault(e => !e.HasElements);

    private static HashSet<string> Packages(XDocument document) =>
        Elements(document, "PackageReference").Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update")).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static bool IsFalse(string value) => value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);

    private static int Line(XElement element) => ((IXmlLineInfo)element).LineNumber;
}
