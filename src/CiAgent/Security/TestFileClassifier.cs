using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CiAgent.Kernel;

namespace CiAgent.Security;

/// <summary>Decides whether a file belongs to the tests, by folder convention or by the project it belongs to referencing a test framework.</summary>
public sealed partial class TestFileClassifier
{
    private static readonly string[] TestFolderSuffixes = [".Tests", ".Test", ".UnitTests", ".IntegrationTests", ".Specs"];

    private static readonly HashSet<string> TestPackages = new(StringComparer.OrdinalIgnoreCase)
    {
        "xunit", "xunit.v3", "NUnit", "MSTest", "MSTest.TestFramework", "Microsoft.NET.Test.Sdk",
    };

    private readonly string _root;

    // A project is judged once per run: if the model later rewrote a test project's references, it must not turn its tests into editable code.
    private readonly ConcurrentDictionary<string, bool> _projects = new(PathComparer);

    /// <summary>Creates a classifier for the workspace at <paramref name="root"/>.</summary>
    public TestFileClassifier(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    private static StringComparer PathComparer => OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>True when the file at <paramref name="fullPath"/> (which need not exist yet) is a test file.</summary>
    public bool IsTestFile(string fullPath)
    {
        var full = Path.GetFullPath(fullPath);
        var relative = WorkspaceRelative.Of(full, _root);
        return IsInTestFolder(relative) || BelongsToTestProject(full);
    }

    /// <summary>True when a folder on <paramref name="relativePath"/> is named test, tests or *.Tests (and the like).</summary>
    public static bool IsInTestFolder(string relativePath)
    {
        var segments = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Take(segments.Length - 1).Any(IsTestFolderName);
    }

    /// <summary>True when the project file text references a test framework package or declares itself a test project.</summary>
    public static bool IsTestProjectText(string projectXml)
    {
        try
        {
            var document = XDocument.Parse(projectXml);
            var elements = document.Descendants().ToList();
            return elements.Any(e => e.Name.LocalName == "PackageReference" && TestPackages.Contains(((string?)e.Attribute("Include"))?.Trim() ?? string.Empty))
                || elements.Any(e => e.Name.LocalName == "IsTestProject" && string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                || ((string?)document.Root?.Attribute("Sdk"))?.StartsWith("MSTest.Sdk", StringComparison.OrdinalIgnoreCase) == true;
        }
        catch (XmlException)
        {
            // A broken project file is likely what is being healed; judge it by its text rather than let it pass as production code.
            return PackageReferencePattern().Matches(projectXml).Any(m => TestPackages.Contains(m.Groups["name"].Value))
                || IsTestProjectPattern().IsMatch(projectXml);
        }
    }

    private static bool IsTestFolderName(string name) =>
        name.Equals("test", StringComparison.OrdinalIgnoreCase)
        || name.Equals("tests", StringComparison.OrdinalIgnoreCase)
        || TestFolderSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    private bool BelongsToTestProject(string fullPath)
    {
        for (var directory = Path.GetDirectoryName(fullPath); directory is not null && IsInsideRoot(directory); directory = Path.GetDirectoryName(directory))
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var projects = Directory.GetFiles(directory, "*.csproj");
            if (projects.Length > 0)
            {
                return projects.Any(project => _projects.GetOrAdd(project, ReadProject));
            }
        }

        return false;
    }

    private static bool ReadProject(string projectPath)
    {
        try
        {
            return IsTestProjectText(File.ReadAllText(projectPath));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private bool IsInsideRoot(string directory) =>
        PathComparer.Equals(directory, _root)
        || directory.StartsWith(_root + Path.DirectorySeparatorChar, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("""<PackageReference\s+Include\s*=\s*["'](?<name>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex PackageReferencePattern();

    [GeneratedRegex(@"<IsTestProject>\s*true\s*</IsTestProject>", RegexOptions.IgnoreCase)]
    private static partial Regex IsTestProjectPattern();
}
