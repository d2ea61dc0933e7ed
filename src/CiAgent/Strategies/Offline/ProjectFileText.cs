using System.Security;
using System.Xml;
using System.Xml.Linq;

namespace CiAgent.Strategies.Offline;

/// <summary>Adds one item to an MSBuild file as a person would: a new line beside the items of its kind, leaving every other byte as it was.</summary>
internal static class ProjectFileText
{
    /// <summary>The text with <c>&lt;Type Include="…" … /&gt;</c> added, or null when the text is not XML or already has the item.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="newLine">The file's line ending.</param>
    /// <param name="itemType">ProjectReference, PackageReference or PackageVersion.</param>
    /// <param name="include">The item's Include.</param>
    /// <param name="attributes">Further attributes, such as Version.</param>
    public static string? AddItem(string text, string newLine, string itemType, string include, params (string Name, string Value)[] attributes)
    {
        XDocument document;
        try
        {
            // Whitespace is kept so that line numbers match the text exactly.
            document = XDocument.Parse(text, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (XmlException)
        {
            return null;
        }

        if (document.Root is not { } project)
        {
            return null;
        }

        var element = $"<{itemType} Include=\"{SecurityElement.Escape(include)}\"" + string.Concat(attributes.Select(a => $" {a.Name}=\"{SecurityElement.Escape(a.Value)}\"")) + " />";
        var lineStarts = LineStarts(text);
        // Items under a condition apply only sometimes; a new dependency belongs with the unconditional ones.
        var group = project.Elements()
            .Where(e => e.Name.LocalName == "ItemGroup" && e.Attribute("Condition") is null)
            .FirstOrDefault(g => g.Elements().Any(i => i.Name.LocalName == itemType));
        if (group is null)
        {
            return NewGroup(text, newLine, project, lineStarts, element);
        }

        var items = group.Elements().Where(i => i.Name.LocalName == itemType).ToList();
        if (items.Any(i => string.Equals((string?)i.Attribute("Include"), include, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var includes = items.Select(i => (string?)i.Attribute("Include") ?? string.Empty).ToList();
        var sorted = includes.Zip(includes.Skip(1)).All(pair => StringComparer.OrdinalIgnoreCase.Compare(pair.First, pair.Second) <= 0);
        var next = sorted ? items.FirstOrDefault(i => StringComparer.OrdinalIgnoreCase.Compare((string?)i.Attribute("Include"), include) > 0) : null;
        if (next is not null)
        {
            var line = LineOf(next, lineStarts);
            return text.Insert(lineStarts[line], Indentation(text, lineStarts[line]) + element + newLine);
        }

        var last = items[^1];
        var lastLine = LineOf(last, lineStarts);
        var end = EndOf(text, last, Start(last, lineStarts));
        var breakAt = text.IndexOf('\n', end);
        var indentation = Indentation(text, lineStarts[lastLine]);
        return breakAt < 0
            ? text.Insert(end, newLine + indentation + element)
            : text.Insert(breakAt + 1, indentation + element + newLine);
    }

    private static string? NewGroup(string text, string newLine, XElement project, int[] lineStarts, string element)
    {
        var close = text.LastIndexOf("</", StringComparison.Ordinal);
        if (close < 0)
        {
            return null;
        }

        // The unit of indentation is whatever the project's first child is indented by.
        var firstChild = project.Elements().FirstOrDefault();
        var unit = firstChild is null ? "  " : Indentation(text, lineStarts[LineOf(firstChild, lineStarts)]);
        unit = unit.Length == 0 ? "  " : unit;
        var lineStart = text.LastIndexOf('\n', Math.Max(0, close - 1)) + 1;
        var atLineStart = string.IsNullOrWhiteSpace(text[lineStart..close]);
        var block = $"{unit}<ItemGroup>{newLine}{unit}{unit}{element}{newLine}{unit}</ItemGroup>{newLine}";
        return atLineStart ? text.Insert(lineStart, block) : text.Insert(close, newLine + block);
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static int LineOf(XElement element, int[] lineStarts) => Math.Clamp(((IXmlLineInfo)element).LineNumber - 1, 0, lineStarts.Length - 1);

    // Line info points at the element's name, one character after its '<'.
    private static int Start(XElement element, int[] lineStarts) =>
        lineStarts[LineOf(element, lineStarts)] + Math.Max(0, ((IXmlLineInfo)element).LinePosition - 2);

    private static int EndOf(string text, XElement element, int start)
    {
        if (element.IsEmpty)
        {
            var selfClose = text.IndexOf("/>", start, StringComparison.Ordinal);
            return selfClose < 0 ? start : selfClose + 2;
        }

        var close = text.IndexOf("</" + element.Name.LocalName, start, StringComparison.Ordinal);
        var end = close < 0 ? -1 : text.IndexOf('>', close);
        return end < 0 ? start : end + 1;
    }

    private static string Indentation(string text, int lineStart)
    {
        var end = lineStart;
        while (end < text.Length && text[end] is ' ' or '\t')
        {
            end++;
        }

        return text[lineStart..end];
    }
}
