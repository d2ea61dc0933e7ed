using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CiAgent.Security;

/// <summary>Keeps secrets out of what the model reads: withholds files that usually hold them and masks secret-looking values in appsettings files.</summary>
public static partial class SecretFileFilter
{
    /// <summary>What a redacted value is replaced with.</summary>
    public const string Mask = "***";

    private static readonly PathPattern[] WithheldPatterns =
        new[] { ".env", ".env.*", "*.pfx", "*.pem", "*.key", "*.p12", "secrets.json", "*.publishsettings" }
            .Select(pattern => new PathPattern(pattern))
            .ToArray();

    private static readonly string[] SecretNameParts = ["password", "secret", "key", "token", "connectionstring", "pwd"];

    /// <summary>True when the file at <paramref name="relativePath"/> usually holds secrets (.env, *.pfx, *.pem, *.key, *.p12, secrets.json, *.publishsettings) and must not be shown at all.</summary>
    public static bool IsWithheld(string relativePath) => WithheldPatterns.Any(pattern => pattern.Matches(relativePath));

    /// <summary>True when the file at <paramref name="relativePath"/> is an appsettings*.json whose secret-looking values are masked before the model sees it.</summary>
    public static bool IsRedacted(string relativePath)
    {
        var name = Path.GetFileName(relativePath.Replace('\\', '/'));
        return name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Returns <paramref name="text"/> unchanged unless the file is one whose values are masked, in which case secrets become ***.</summary>
    public static string Filter(string relativePath, string text) => IsRedacted(relativePath) ? RedactJson(text) : text;

    /// <summary>Masks the values of secret-named keys (and everything beneath them) and values that look like keys, tokens or connection strings with a password, keeping every other byte of the text, so the layout and line numbers stay as they were.</summary>
    public static string RedactJson(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        try
        {
            return Encoding.UTF8.GetString(RedactTokens(bytes));
        }
        catch (JsonException)
        {
            // A half-edited settings file must not leak just because it does not parse.
            return RedactLooseText(json);
        }
    }

    /// <summary>True when a key name such as "ApiKey" or "ConnectionStrings" suggests its value is a secret.</summary>
    public static bool IsSecretName(string name) => SecretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when a value looks like a credential whatever its key: a JWT, a PEM block, a well-known API key, or a connection string carrying a password or account key.</summary>
    public static bool IsSecretValue(string value) =>
        JwtPattern().IsMatch(value)
        || value.Contains("-----BEGIN", StringComparison.Ordinal)
        || KnownKeyPattern().IsMatch(value)
        || ConnectionStringSecretPattern().IsMatch(value);

    private static byte[] RedactTokens(byte[] bytes)
    {
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var reader = new Utf8JsonReader(bytes, options);
        var output = new List<byte>(bytes.Length);
        var copied = 0;

        // Whether each open object or array sits under a secret-named key; everything beneath such a key is masked.
        var secretScopes = new Stack<bool>();
        var lastNameIsSecret = false;
        var mask = Encoding.UTF8.GetBytes("\"" + Mask + "\"");

        while (reader.Read())
        {
            var insideSecret = secretScopes.Count > 0 && secretScopes.Peek();
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    lastNameIsSecret = IsSecretName(reader.GetString() ?? string.Empty);
                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    secretScopes.Push(insideSecret || lastNameIsSecret);
                    lastNameIsSecret = false;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    secretScopes.Pop();
                    continue;
                case JsonTokenType.String:
                case JsonTokenType.Number:
                    var isString = reader.TokenType == JsonTokenType.String;
                    var start = (int)reader.TokenStartIndex;
                    var length = reader.ValueSpan.Length + (isString ? 2 : 0);
                    var secret = insideSecret || lastNameIsSecret || (isString && IsSecretValue(reader.GetString() ?? string.Empty));
                    lastNameIsSecret = false;
                    if (secret && !(isString && reader.ValueSpan.Length == 0))
                    {
                        output.AddRange(bytes.AsSpan(copied, start - copied));
                        output.AddRange(mask);
                        copied = start + length;
                    }

                    continue;
                default:
                    // Any other value ends the property, so the next container or value is not under its name.
                    lastNameIsSecret = false;
                    continue;
            }
        }

        output.AddRange(bytes.AsSpan(copied));
        return output.ToArray();
    }

    private static string RedactLooseText(string text)
    {
        var named = LoosePairPattern().Replace(text, match =>
            IsSecretName(match.Groups["name"].Value) || IsSecretValue(match.Groups["value"].Value)
                ? match.Value[..(match.Groups["value"].Index - match.Index)] + Mask + "\""
                : match.Value);
        return named;
    }

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")]
    private static partial Regex JwtPattern();

    [GeneratedRegex(@"\b(?:sk-[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{30,})")]
    private static partial Regex KnownKeyPattern();

    [GeneratedRegex(@"(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey|sharedsecret|client\s*secret)\s*=\s*[^;\s]", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringSecretPattern();

    [GeneratedRegex("\"(?<name>[^\"\\\\]*)\"\\s*:\\s*\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LoosePairPattern();
}
