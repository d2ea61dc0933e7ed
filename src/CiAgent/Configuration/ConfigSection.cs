using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CiAgent.Configuration;

/// <summary>One mapping of the configuration file, read strictly: unknown keys and wrong types fail with the key's dotted path and line.</summary>
internal sealed class ConfigSection
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly string? _path;

    private ConfigSection(YamlMappingNode node, string? path, IReadOnlyList<string>? knownKeys)
    {
        _path = path;
        foreach (var (key, value) in node.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;
            if (key is not YamlScalarNode || name.Length == 0)
            {
                throw Error(key, $"keys{Under} must be plain names");
            }

            if (knownKeys is not null && !knownKeys.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key, $"unknown key '{name}'{Under} (known: {string.Join(", ", knownKeys)})");
            }

            _entries[name] = (key, value);
        }
    }

    /// <summary>The keys present, in file order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    private string Under => _path is null ? string.Empty : $" under '{_path}'";

    /// <summary>Reads the document's top-level mapping, accepting only <paramref name="knownKeys"/>.</summary>
    public static ConfigSection Root(YamlNode node, params string[] knownKeys) =>
        node is YamlMappingNode mapping
            ? new ConfigSection(mapping, null, knownKeys)
            : throw Error(node, "the file must be a mapping of keys such as 'provider: openai'");

    /// <summary>The error for a problem at <paramref name="node"/>, prefixed with the file name and the node's line.</summary>
    public static ConfigurationException Error(YamlNode node, string message) => Error(node.Start, message);

    /// <summary>The error for a problem at <paramref name="mark"/>, prefixed with the file name and the line.</summary>
    public static ConfigurationException Error(Mark mark, string message) =>
        new($"{CiAgentConfigReader.FileName} line {mark.Line}: {message}");

    /// <summary>The nested mapping under <paramref name="key"/>, or null when the key is absent or empty.</summary>
    /// <param name="key">The key in this section.</param>
    /// <param name="knownKeys">The keys the nested mapping may hold; null allows any (for maps keyed by name, like prices).</param>
    public ConfigSection? Section(string key, IReadOnlyList<string>? knownKeys)
    {
        var value = Value(key);
        return value switch
        {
            null => null,
            YamlMappingNode mapping => new ConfigSection(mapping, PathOf(key), knownKeys),
            _ => throw Error(value, $"'{PathOf(key)}' must be a mapping of keys, not {Describe(value)}"),
        };
    }

    /// <summary>The error for a problem with <paramref name="key"/>, at the line where the key is written.</summary>
    public ConfigurationException ErrorAt(string key, string message) =>
        _entries.TryGetValue(key, out var entry) ? Error(entry.Key, message) : new ConfigurationException($"{CiAgentConfigReader.FileName}: {message}");

    /// <summary>One of <paramref name="known"/> (compared ignoring case, returned lower-case), or null when absent.</summary>
    public string? Choice(string key, IReadOnlyList<string> known)
    {
        var text = Text(key)?.ToLowerInvariant();
        return text is null || known.Contains(text, StringComparer.Ordinal)
            ? text
            : throw Error(Value(key)!, $"unknown {PathOf(key)} '{text}' (known: {string.Join(", ", known)})");
    }

    /// <summary>A text value, or null when absent or empty.</summary>
    public string? Text(string key)
    {
        var value = Value(key);
        return value switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value!.Trim(),
            _ => throw Error(value, $"'{PathOf(key)}' must be a text value, not {Describe(value)}"),
        };
    }

    /// <summary>An absolute http or https URL, or null when absent.</summary>
    public Uri? Url(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw Error(Value(key)!, $"'{PathOf(key)}' must be an absolute http or https URL, not '{text}'");
    }

    /// <summary>A whole number above zero, or null when absent.</summary>
    public long? PositiveWholeNumber(string key, long maximum) => WholeNumber(key, 1, maximum);

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>, or null when absent.</summary>
    public long? WholeNumber(string key, long minimum, long maximum)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw Error(Value(key)!, $"'{PathOf(key)}' must be a whole number, not '{text}'");
        }

        return number < minimum || number > maximum
            ? throw Error(Value(key)!, $"'{PathOf(key)}' must be between {minimum} and {maximum}, not {text}")
            : number;
    }

    /// <summary>A decimal number, above zero when <paramref name="allowZero"/> is false, or null when absent.</summary>
    public decimal? Amount(string key, bool allowZero)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var amount))
        {
            throw Error(Value(key)!, $"'{PathOf(key)}' must be a number, not '{text}'");
        }

        if (amount < 0 || (amount == 0 && !allowZero))
        {
            throw Error(Value(key)!, $"'{PathOf(key)}' must be {(allowZero ? "zero or more" : "positive")}, not {text}");
        }

        return amount;
    }

    /// <summary>true or false, or null when absent.</summary>
    public bool? Flag(string key)
    {
        var text = Text(key);
        return text is null ? null
            : bool.TryParse(text, out var flag) ? flag
            : throw Error(Value(key)!, $"'{PathOf(key)}' must be true or false, not '{text}'");
    }

    /// <summary>A list of non-empty text values, or empty when absent.</summary>
    public IReadOnlyList<string> TextList(string key)
    {
        var value = Value(key);
        if (value is null)
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            throw Error(value, $"'{PathOf(key)}' must be a list such as ['docs/**'], not {Describe(value)}");
        }

        return sequence.Children
            .Select(item => item is YamlScalarNode { Value: { Length: > 0 } text } && !IsNull(item)
                ? text.Trim()
                : throw Error(item, $"every item of '{PathOf(key)}' must be a non-empty text value"))
            .ToArray();
    }

    private YamlNode? Value(string key) =>
        _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value) ? entry.Value : null;

    private string PathOf(string key) => _path is null ? key : $"{_path}.{key}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: var value }
        && (string.IsNullOrEmpty(value) || value is "~" || value.Equals("null", StringComparison.OrdinalIgnoreCase));

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "that",
    };
}
