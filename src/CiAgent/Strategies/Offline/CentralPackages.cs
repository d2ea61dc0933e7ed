using System.Xml;
using System.Xml.Linq;

namespace CiAgent.Strategies.Offline;

/// <summary>Central package management: the Directory.Packages.props that governs a project and the versions it pins.</summary>
internal static class CentralPackages
{
    /// <summary>The file's conventional name.</summary>
    public const string FileName = "Directory.Packages.props";

    /// <summary>The nearest Directory.Packages.props at or above the project's folder, as MSBuild imports it; null when there is none.</summary>
    public static string? FileFor(string project)
    {
        for (var directory = Path.GetDirectoryName(project); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var candidate = Path.Combine(directory, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>True when the project's central file pins a version for the package.</summary>
    public static bool Declares(string project, string id) => FileFor(project) is { } file && VersionsIn(file).ContainsKey(id);

    /// <summary>Package id to version for every PackageVersion item in an MSBuild file; empty when it is not XML.</summary>
    public static IReadOnlyDictionary<string, string> VersionsIn(string file)
    {
        try
        {
            return Versions(XDocument.Load(file));
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>Package id to version for every PackageVersion item in an MSBuild file's text; empty when it is not XML.</summary>
    public static IReadOnlyDictionary<string, string> VersionsInText(string text)
    {
        try
        {
            return Versions(XDocument.Parse(text));
        }
        catch (XmlException)
        {
            return new Dictionary<string, string>();
        }
    }

    private static Dictionary<string, string> Versions(XDocument document) =>
        document.Descendants()
                .Where(e => e.Name.LocalName == "PackageVersion" && e.Attribute("Include") is not null && e.Attribute("Version") is not null)
                .GroupBy(e => (string)e.Attribute("Include")!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => (string)g.Last().Attribute("Version")!, StringComparer.OrdinalIgnoreCase);
}
