using System.Text;

namespace CiAgent.Outputs.Hosts;

/// <summary>Escaping for GitHub Actions workflow commands, so a message cannot end the command or start a new one.</summary>
internal static class WorkflowCommandText
{
    /// <summary>Escapes the message after the final "::".</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a property value, where ':' and ',' would also end the value.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>A whole command line such as "::error file=a.cs,line=3::message".</summary>
    public static string Command(string name, IEnumerable<(string Key, string? Value)> properties, string message)
    {
        var text = new StringBuilder("::").Append(name);
        var separator = ' ';
        foreach (var (key, value) in properties)
        {
            if (value is null)
            {
                continue;
            }

            text.Append(separator).Append(key).Append('=').Append(EscapeProperty(value));
            separator = ',';
        }

        return text.Append("::").Append(EscapeData(message)).ToString();
    }
}
