namespace CiAgent.Policy;

/// <summary>A workspace-relative path pattern: ** spans directories, * and ? stay within one, a trailing / means everything under a directory.</summary>
/// <remarks>Patterns are anchored at the workspace root, so "global.json" matches only the root file and "**/global.json" matches any.</remarks>
public sealed class GlobPattern
{
    private readonly string[] _segments;
    private readonly StringComparison _comparison;

    /// <summary>Compiles <paramref name="pattern"/>; matching is case-sensitive unless <paramref name="ignoreCase"/>.</summary>
    public GlobPattern(string pattern, bool ignoreCase = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var normalized = NormalizePath(pattern);

        // "docs/" names a directory, which protects whatever is inside it.
        if (pattern.EndsWith('/') || pattern.EndsWith('\\'))
        {
            normalized += "/**";
        }

        _segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>Turns a path into the form patterns match: '/' separators, no leading "./" or "/".</summary>
    public static string NormalizePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized.TrimStart('/');
    }

    /// <summary>True when <paramref name="patterns"/> has one matching <paramref name="path"/>; returns it through <paramref name="match"/>.</summary>
    public static bool MatchesAny(IEnumerable<GlobPattern> patterns, string path, out GlobPattern? match)
    {
        match = patterns.FirstOrDefault(pattern => pattern.IsMatch(path));
        return match is not null;
    }

    /// <summary>True when the workspace-relative <paramref name="path"/> matches.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = NormalizePath(path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return MatchFrom(0, parts, 0);
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private bool MatchFrom(int segment, string[] parts, int part)
    {
        while (segment < _segments.Length)
        {
            if (_segments[segment] == "**")
            {
                // Collapse runs of ** and try every number of skipped directories, including none.
                while (segment < _segments.Length && _segments[segment] == "**")
                {
                    segment++;
                }

                if (segment == _segments.Length)
                {
                    return part < parts.Length;
                }

                for (var skip = part; skip < parts.Length; skip++)
                {
                    if (MatchFrom(segment, parts, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (part >= parts.Length || !SegmentMatches(_segments[segment], parts[part]))
            {
                return false;
            }

            segment++;
            part++;
        }

        return part == parts.Length;
    }

    private bool SegmentMatches(string pattern, string text)
    {
        // Classic two-pointer wildcard match with backtracking to the last *; linear in practice for path segments.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || string.Compare(pattern, p, text, t, 1, _comparison) == 0))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
