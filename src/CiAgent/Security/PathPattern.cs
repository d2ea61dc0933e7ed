using System.Text;
using System.Text.RegularExpressions;

namespace CiAgent.Security;

/// <summary>A gitignore-style glob ("**/*.g.cs", ".github/", "global.json") matched against workspace-relative paths.</summary>
public sealed class PathPattern
{
    private readonly Regex _regex;

    /// <summary>Compiles <paramref name="pattern"/>: "**/" spans folders, "*" and "?" stay within one name, a pattern without a '/' matches at any depth, and a match on a folder covers everything under it.</summary>
    public PathPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern;
        _regex = new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The glob as written.</summary>
    public string Pattern { get; }

    /// <summary>True when <paramref name="relativePath"/> ('/'-separated, relative to the workspace root) or one of its folders matches.</summary>
    public bool Matches(string relativePath) => _regex.IsMatch(relativePath.Replace('\\', '/'));

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private static string ToRegex(string pattern)
    {
        var glob = pattern.Replace('\\', '/').Trim().TrimEnd('/');
        var anchored = glob.StartsWith('/') || glob.Contains('/', StringComparison.Ordinal);
        glob = glob.TrimStart('/');

        var regex = new StringBuilder("^");
        if (!anchored)
        {
            regex.Append("(?:.*/)?");
        }

        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var followedBySlash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(followedBySlash ? "(?:.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        // Protecting a folder must protect what is inside it, as in .gitignore.
        regex.Append("(?:/.*)?$");
        return regex.ToString();
    }
}
