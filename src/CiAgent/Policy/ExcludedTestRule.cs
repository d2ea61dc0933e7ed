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
            if (ProjectSettings.Read(change.After) is not { } after)
            {
                continue;
            }

            foreach (var (line, message) in Exclusions(ProjectSettings.Read(change.Before) ?? ProjectSettings.Empty, after, change.IsTestFile))
            {
                yield return new PolicyViolation(RuleId, change.Path, line, message);
            }
        }
    }

    private static IEnumerable<(int Line, string Message)> Exclusions(ProjectSettings before, ProjectSettings after, bool testProject)
    {
        foreach (var property in new[] { "IsTestProject", "EnableDefaultCompileItems" })
        {
            if (after.SwitchedOff(before, property) is { } set)
            {
                yield return (set.Line, $"{property} set to {set.Value}, which takes tests out of the run");
            }
        }

        var removedBefore = before.Items("Compile").Select(item => item.Remove).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (_, remove, line) in after.Items("Compile").Where(item => item.Remove is { } pattern && !removedBefore.Contains(pattern)))
        {
            yield return (line, $"<Compile Remove=\"{remove}\"> takes source files out of the build");
        }

        var packagesAfter = Packages(after);
        foreach (var package in Packages(before).Where(p => TestPackages.Contains(p, StringComparer.OrdinalIgnoreCase) && !packagesAfter.Contains(p)))
        {
            yield return (0, $"the {package} package reference was removed, so the tests would no longer be found or run");
        }

        foreach (var property in new[] { "TargetFramework", "TargetFrameworks" })
        {
            if (testProject && before.Last(property) is { } old && after.Last(property) is { } now && old.Value != now.Value)
            {
                yield return (now.Line, $"the test project's {property} changed from {old.Value} to {now.Value}");
            }
        }
    }

    private static HashSet<string> Packages(ProjectSettings settings) =>
        settings.Items("PackageReference").Select(item => item.Include).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
}
