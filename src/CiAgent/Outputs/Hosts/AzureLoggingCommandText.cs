using System.Text;

namespace CiAgent.Outputs.Hosts;

/// <summary>Escaping for Azure Pipelines "##vso[…]" logging commands, as the agent unescapes them.</summary>
internal static class AzureLoggingCommandText
{
    /// <summary>Escapes a property value or message; '%' first, so the other escapes are not escaped twice.</summary>
    public static string Escape(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal)
            .Replace("]", "%5D", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A whole command line such as "##vso[task.logissue type=error;code=CS0103]message".</summary>
    public static string Command(string area, IEnumerable<(string Key, string? Value)> properties, string message, bool trailingSeparator = false)
    {
        var text = new StringBuilder("##vso[").Append(area);
        var separator = ' ';
        foreach (var (key, value) in properties)
        {
            if (value is null)
            {
                continue;
            }

            text.Append(separator).Append(key).Append('=').Append(Escape(value));
            separator = ';';
        }

        if (trailingSeparator)
        {
            text.Append(';');
        }

        return text.Append(']').Append(Escape(message)).ToString();
    }
}
