using System.Xml;
using System.Xml.Linq;

namespace CiAgent.Policy;

/// <summary>The warning-related properties of an MSBuild file, with the line each is set on.</summary>
internal sealed class ProjectSettings
{
    // Properties (and item metadata) that list diagnostic codes to silence or to stop treating as errors.
    private static readonly string[] CodeListProperties = ["NoWarn", "WarningsNotAsErrors", "WarningsAsErrors"];

    private readonly List<(string Name, string Value, int Line)> _properties = [];
    private readonly List<(string Name, string? Include, string? Remove, string? Version, int Line)> _items = [];

    private ProjectSettings()
    {
    }

    /// <summary>Settings of a file without any.</summary>
    public static ProjectSettings Empty { get; } = new();

    /// <summary>Codes by property, each with the line that lists it; $(NoWarn) references are not codes.</summary>
    public Dictionary<string, List<(string Code, int Line)>> CodeLists { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads MSBuild XML; null when the text is absent or not XML (nothing can be compared then).</summary>
    public static ProjectSettings? Read(string? text)
    {
        if (text is null)
        {
            return null;
        }

        XDocument document;
        try
        {
            document = XDocument.Parse(text, LoadOptions.SetLineInfo);
        }
        catch (XmlException)
        {
            return null;
        }

        var settings = new ProjectSettings();
        foreach (var element in document.Descendants())
        {
            var line = ((IXmlLineInfo)element).LineNumber;
            if (!element.HasElements)
            {
                settings._properties.Add((element.Name.LocalName, element.Value.Trim(), line));
                settings.AddCodes(element.Name.LocalName, element.Value, line);
            }

            if (element.Attribute("Include") is not null || element.Attribute("Update") is not null || element.Attribute("Remove") is not null)
            {
                var version = (string?)element.Attribute("VersionOverride") ?? (string?)element.Attribute("Version") ?? (string?)element.Element(element.Name.Namespace + "Version");
                settings._items.Add((element.Name.LocalName, (string?)element.Attribute("Include") ?? (string?)element.Attribute("Update"), (string?)element.Attribute("Remove"), version?.Trim(), line));
            }

            // <PackageReference Include="X" NoWarn="NU1605" /> silences restore warnings for one package.
            foreach (var attribute in element.Attributes())
            {
                settings.AddCodes(attribute.Name.LocalName, attribute.Value, line);
            }
        }

        return settings;
    }

    /// <summary>The codes listed under <paramref name="property"/>.</summary>
    public HashSet<string> CodesOf(string property) =>
        CodeLists.TryGetValue(property, out var codes) ? codes.Select(code => code.Code).ToHashSet(StringComparer.OrdinalIgnoreCase) : [];

    /// <summary>The value the last definition of <paramref name="property"/> sets, as MSBuild's last-wins evaluation would see it.</summary>
    public (string Value, int Line)? Last(string property)
    {
        var found = _properties.LastOrDefault(candidate => candidate.Name == property);
        return found.Name is null ? null : (found.Value, found.Line);
    }

    /// <summary>The items of one type (Compile, PackageReference, …) with what they include or remove, their version (for packages) and their line.</summary>
    public IEnumerable<(string? Include, string? Remove, string? Version, int Line)> Items(string type) =>
        _items.Where(item => item.Name == type).Select(item => (item.Include, item.Remove, item.Version, item.Line));

    /// <summary>The last value of every property whose name starts with <paramref name="prefix"/>, by name.</summary>
    public Dictionary<string, (string Value, int Line)> PropertiesStartingWith(string prefix) =>
        _properties.Where(property => property.Name.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(property => property.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (group.Last().Value, group.Last().Line), StringComparer.Ordinal);

    /// <summary>The definition of <paramref name="property"/> when this file sets it to false and <paramref name="before"/> did not; else null.</summary>
    public (string Value, int Line)? SwitchedOff(ProjectSettings before, string property)
    {
        var old = before.Last(property);
        return Last(property) is { } set && IsFalse(set.Value) && (old is null || !IsFalse(old.Value.Value)) ? set : null;
    }

    private static bool IsFalse(string value) => value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);

    private void AddCodes(string property, string value, int line)
    {
        if (!CodeListProperties.Contains(property))
        {
            return;
        }

        var codes = value.Split([';', ',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(code => !code.StartsWith("$(", StringComparison.Ordinal));
        if (!CodeLists.TryGetValue(property, out var list))
        {
            CodeLists[property] = list = [];
        }

        list.AddRange(codes.Select(code => (code, line)));
    }
}
