namespace CiAgent.Security;

/// <summary>The one list of paths no fix may write, shared by the model's jail and the integrity policy so the two can never disagree.</summary>
public static class ProtectedPaths
{
    /// <summary>CI workflows, the SDK pin, public API baselines, generated code and ciagent's own settings (gitignore-style globs, see <see cref="PathPattern"/>).</summary>
    public static readonly IReadOnlyList<string> Defaults =
    [
        ".github/",
        "global.json",
        "**/PublicAPI.*.txt",
        "**/*.g.cs",
        "**/*.Designer.cs",
        "**/*.generated.cs",

        // A fix that raised its own budget or allowed itself to edit tests would defeat every other limit.
        ".ciagent.yml",
    ];

    /// <summary>The first pattern that covers a workspace-relative path, or null.</summary>
    public static PathPattern? FirstMatch(IEnumerable<PathPattern> patterns, string relativePath)
    {
        var path = relativePath.Replace('\\', '/');
        path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
        return patterns.FirstOrDefault(pattern => pattern.Matches(path));
    }
}
