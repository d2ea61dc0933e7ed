using CiAgent.Kernel;

namespace CiAgent.Policy;

/// <summary>excluded-test: a project file takes tests out of the build or the run (IsTestProject false, Compile Remove, default items off, a test package removed or downgraded, a test project retargeted).</summary>
public sealed class ExcludedTestRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "excluded-test";

    private static readonly string[] ProjectExtensions = [".csproj", ".props", ".targets", ".vbproj", ".fsproj"];

    // The packages that make a project a test project and let dotnet test find and run its tests.
    private static readonly string[] TestPackages =
    [
        "Microsoft.NET.Test.Sdk", "xunit", "xunit.core", "xunit.assert", "xunit.v3", "xunit.v3.core", "xunit.v3.assert", "xunit.runner.visualstudio",
        "NUnit", "NUnit3TestAdapter", "MSTest", "MSTest.Sdk", "MSTest.TestAdapter", "MSTest.TestFramework", "Microsoft.Testing.Platform.MSBuild", "TUnit",
    ];

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public string Instead => "Keep the tests in the build and the run: leave the test project, its packages and its target framework as they are.";

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
        foreach (var (_, remove, _, line) in after.Items("Compile").Where(item => item.Remove is { } pattern && !removedBefore.Contains(pattern)))
        {
            yield return (line, $"<Compile Remove=\"{remove}\"> takes source files out of the build");
        }

        // PackageReference in projects and props, PackageVersion in Directory.Packages.props (central package management).
        foreach (var type in new[] { "PackageReference", "PackageVersion" })
        {
            var packagesAfter = Packages(after, type);
            foreach (var (package, old) in Packages(before, type).Where(p => TestPackages.Contains(p.Key, StringComparer.OrdinalIgnoreCase)))
            {
                if (!packagesAfter.TryGetValue(package, out var now))
                {
                    yield return (0, $"the {package} {(type == "PackageVersion" ? "package version" : "package reference")} was removed, so the tests would no longer be found or run");
                }
                else if (old.Version is { } was && now.Version is { } version && IsDowngrade(was, version))
                {
                    yield return (now.Line, $"the test package {package} was downgraded from {was} to {version}, which changes how the tests are found and run");
                }
            }
        }

        foreach (var property in new[] { "TargetFramework", "TargetFrameworks" })
        {
            if (testProject && before.Last(property) is { } old && after.Last(property) is { } now && old.Value != now.Value)
            {
                yield return (now.Line, $"the test project's {property} changed from {old.Value} to {now.Value}");
            }
        }
    }

    private static Dictionary<string, (string? Version, int Line)> Packages(ProjectSettings settings, string type)
    {
        var packages = new Dictionary<string, (string? Version, int Line)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (include, _, version, line) in settings.Items(type))
        {
            if (include is not null)
            {
                packages[include.Trim()] = (version, line);
            }
        }

        return packages;
    }

    // NuGet resolves a version or a range to the lowest version it allows and a floating version to the highest it matches, so a
    // change is no downgrade when what the new value can resolve to is never below what the old one did. What the rule cannot read
    // (a property, a range with no lower bound, an old floating version, a prerelease float) counts as a downgrade when it changed.
    private static bool IsDowngrade(string before, string after)
    {
        if (string.Equals(before.Trim(), after.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Lowest(before) is not { } old)
        {
            return true;
        }

        var now = after.Trim();
        if (now == "*")
        {
            return false;
        }

        if (now.EndsWith(".*", StringComparison.Ordinal) && NumericParts(now[..^2]) is { } prefix)
        {
            // The highest version that matches: at least the old one when the old one matches too, else at least the prefix with zeros.
            int[] oldParts = [old.Major, old.Minor, old.Build, old.Revision];
            return !prefix.SequenceEqual(oldParts.Take(prefix.Length)) && (NumericVersion(now[..^2]) is not { } floor || floor < old);
        }

        return Lowest(now) is not { } lowest || lowest < old;
    }

    // The lowest version a plain version or a range resolves to, or null for a floating version, a property or a range with no lower bound.
    private static Version? Lowest(string spec)
    {
        var text = spec.Trim();
        if (text.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }

        if (text.StartsWith('[') || text.StartsWith('('))
        {
            var lower = text.TrimStart('[', '(').Split(',')[0].TrimEnd(']', ')').Trim();
            return lower.Length == 0 ? null : NumericVersion(lower);
        }

        return NumericVersion(text);
    }

    private static int[]? NumericParts(string text)
    {
        var parts = text.Split('.');
        return parts.All(part => int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            ? [.. parts.Select(part => int.Parse(part, System.Globalization.CultureInfo.InvariantCulture))]
            : null;
    }

    // Missing parts count as zero, as NuGet reads them: 2.9 and 2.9.0 are one version.
    private static Version? NumericVersion(string text)
    {
        var core = text.Split('-', '+')[0];
        return Version.TryParse(core.Contains('.', StringComparison.Ordinal) ? core : core + ".0", out var version)
            ? new Version(version.Major, version.Minor, Math.Max(version.Build, 0), Math.Max(version.Revision, 0))
            : null;
    }
}
