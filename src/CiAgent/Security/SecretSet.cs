using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CiAgent.Security;

/// <summary>An immutable set of secret values and the one place that masks them in text bound for a model, a log or a report.</summary>
public sealed class SecretSet
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Values shorter than this are ignored: masking "true" or "main" would garble code, not protect anything.</summary>
    public const int MinimumLength = 6;

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Every written form of every secret, longest first; matching all of them against the original text (not one after another)
    // means overlapping secrets are masked as one span instead of the first replacement hiding part of the second.
    private readonly string[] _forms;

    private SecretSet(IReadOnlyList<string> values)
    {
        Values = values;
        _forms = values
            .SelectMany(WrittenForms)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(form => form.Length)
            .ToArray();
    }

    /// <summary>A set with no secrets, whose <see cref="Redact"/> returns its input.</summary>
    public static SecretSet Empty { get; } = new([]);

    /// <summary>The raw secret values, longest first, for masking in CI logs (for example GitHub's add-mask).</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>True when there is nothing to mask.</summary>
    public bool IsEmpty => Values.Count == 0;

    /// <summary>Collects the values of secret-looking variables, the passwords of URLs in any variable, and <paramref name="extraValues"/>.</summary>
    public static SecretSet FromEnvironment(IReadOnlyDictionary<string, string?> environment, IEnumerable<string>? extraValues = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var candidates = new List<string?>();
        foreach (var (name, value) in environment)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (SecretName.LooksSecret(name))
            {
                candidates.Add(value);
            }

            // A proxy or database URL leaks its password whatever the variable is called.
            candidates.Add(UrlPassword(value));
        }

        return FromValues(candidates.Concat(extraValues ?? []));
    }

    /// <summary>Builds a set from explicit values (and the passwords of any that are URLs), skipping those too short or too plain to be secrets.</summary>
    public static SecretSet FromValues(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var kept = values
            .SelectMany(value => new[] { value, UrlPassword(value) })
            .Where(IsWorthMasking)
            .Select(value => value!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(value => value.Length)
            .ThenBy(value => value, StringComparer.Ordinal)
            .ToArray();
        return kept.Length == 0 ? Empty : new SecretSet(kept);
    }

    /// <summary>Replaces every occurrence of every secret, raw, JSON-escaped or URL-encoded, with <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_forms.Length == 0 || text.Length == 0)
        {
            return text;
        }

        var spans = new List<(int Start, int End)>();
        foreach (var form in _forms)
        {
            for (var at = text.IndexOf(form, StringComparison.Ordinal); at >= 0; at = text.IndexOf(form, at + 1, StringComparison.Ordinal))
            {
                spans.Add((at, at + form.Length));
            }
        }

        if (spans.Count == 0)
        {
            return text;
        }

        spans.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var result = new System.Text.StringBuilder(text.Length);
        var copiedUpTo = 0;
        var index = 0;
        while (index < spans.Count)
        {
            var (start, end) = spans[index++];

            // Merge spans that overlap this one so two secrets sharing characters leave no fragment of either behind.
            while (index < spans.Count && spans[index].Start < end)
            {
                end = Math.Max(end, spans[index++].End);
            }

            result.Append(text, copiedUpTo, start - copiedUpTo).Append(Mask);
            copiedUpTo = end;
        }

        return result.Append(text, copiedUpTo, text.Length - copiedUpTo).ToString();
    }

    private static bool IsWorthMasking(string? value)
    {
        if (value is null || value.Trim().Length < MinimumLength)
        {
            return false;
        }

        // Flags and numbers such as ports or build ids recur in ordinary output; masking them would corrupt it.
        // A path that exists on this machine (NODE_EXTRA_CA_CERTS=/etc/ssl/certs/…) names where a secret lives, not the secret; masking it only garbles logs.
        var trimmed = value.Trim();
        var existingPath = Path.IsPathFullyQualified(trimmed) && (File.Exists(trimmed) || Directory.Exists(trimmed));
        return !bool.TryParse(trimmed, out _) && !IsNumber(trimmed) && !existingPath;
    }

    private static bool IsNumber(string value)
    {
        var digits = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!(c is '.' or ',' or '_' || (i == 0 && c is '-' or '+')))
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static string? UrlPassword(string? value)
    {
        if (value is null || !value.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0)
        {
            return null;
        }

        // Uri keeps userinfo percent-encoded; the decoded password is what shows up once a tool prints it.
        return Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
    }

    private static IEnumerable<string> WrittenForms(string secret)
    {
        yield return secret;

        // Inside a JSON string literal, as System.Text.Json's default and relaxed encoders write it.
        yield return JsonSerializer.Serialize(secret)[1..^1];
        yield return JsonSerializer.Serialize(secret, RelaxedJson)[1..^1];

        // In a query string or URL userinfo.
        yield return Uri.EscapeDataString(secret);
        yield return WebUtility.UrlEncode(secret);
    }
}
