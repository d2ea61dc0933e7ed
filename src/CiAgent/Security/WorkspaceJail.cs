using CiAgent.Kernel;

namespace CiAgent.Security;

/// <summary>Turns paths chosen by the model into full paths inside the workspace, refusing escapes, .git, links that lead out, secrets, protected files and (unless allowed) tests.</summary>
public sealed class WorkspaceJail
{
    /// <summary>Paths that may be read but never written: the repository's plumbing, then the paths the integrity policy protects.</summary>
    public static readonly IReadOnlyList<string> DefaultProtectedPatterns = [".git/", .. ProtectedPaths.Defaults];

    // Enough for any sane chain of links; more means a loop.
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private readonly PathPattern[] _protected;
    private readonly TestFileClassifier _tests;
    private readonly string _realRoot;

    /// <summary>Creates a jail for the workspace at <paramref name="root"/>, protecting the default patterns plus <paramref name="extraProtectedPatterns"/>, and refusing test edits unless <paramref name="allowTestEdits"/>; with <paramref name="testsOnly"/>, only test files may be written (the tester's jail).</summary>
    public WorkspaceJail(string root, IEnumerable<string>? extraProtectedPatterns = null, bool allowTestEdits = false, bool testsOnly = false)
    {
        TestsOnly = testsOnly;
        allowTestEdits |= testsOnly;
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _realRoot = RealPath(Root, 0);
        _protected = DefaultProtectedPatterns.Concat(extraProtectedPatterns ?? [])
            .Where(pattern => !string.IsNullOrWhiteSpace(pattern))
            .Distinct(StringComparer.Ordinal)
            .Select(pattern => new PathPattern(pattern))
            .ToArray();
        AllowTestEdits = allowTestEdits;
        _tests = new TestFileClassifier(Root);
    }

    /// <summary>Full path of the workspace root.</summary>
    public string Root { get; }

    /// <summary>True when the model may change test files.</summary>
    public bool AllowTestEdits { get; }

    /// <summary>True when only test files may be written.</summary>
    public bool TestsOnly { get; }

    /// <summary>The protected patterns in force, defaults first.</summary>
    public IReadOnlyList<string> ProtectedPatterns => _protected.Select(pattern => pattern.Pattern).ToArray();

    /// <summary>Resolves a workspace-relative path for reading (an empty path or "." is the root).</summary>
    public PathResolution ResolveForRead(string? path)
    {
        var resolution = Resolve(path);
        if (!resolution.IsAllowed)
        {
            return resolution;
        }

        if (SecretFileFilter.IsWithheld(resolution.RelativePath!))
        {
            return PathResolution.Refused($"'{Show(path)}' usually holds secrets and is withheld from the agent; work out what it must contain from the code that reads it instead.");
        }

        return resolution;
    }

    /// <summary>Resolves a workspace-relative path for creating or changing a file.</summary>
    public PathResolution ResolveForWrite(string? path)
    {
        var resolution = Resolve(path);
        if (!resolution.IsAllowed)
        {
            return resolution;
        }

        var relative = resolution.RelativePath!;
        if (relative == ".")
        {
            return PathResolution.Refused("The workspace root is a folder, not a file; pass the relative path of a file, such as 'src/App/Program.cs'.");
        }

        if (SecretFileFilter.IsWithheld(relative))
        {
            return PathResolution.Refused($"'{Show(path)}' usually holds secrets and may not be written by the agent; change the code that reads it instead.");
        }

        var rule = _protected.FirstOrDefault(pattern => pattern.Matches(relative));
        if (rule is not null)
        {
            return PathResolution.Refused($"'{Show(path)}' is protected (it matches '{rule.Pattern}'; rule protected-path) and may be read but not changed; fix the problem in ordinary source files instead.");
        }

        if (!AllowTestEdits && _tests.IsTestFile(resolution.FullPath!))
        {
            return PathResolution.Refused($"'{Show(path)}' is a test file, and test files are protected by the test-integrity policy: fix the code under test, not the test.");
        }

        if (TestsOnly && !_tests.IsTestFile(resolution.FullPath!))
        {
            return PathResolution.Refused($"'{Show(path)}' is not in a test project; you write the acceptance tests only, inside an existing test project, and the code they call is written afterwards.");
        }

        return resolution;
    }

    /// <summary>Returns the '/'-separated path of <paramref name="fullPath"/> relative to the root, for showing to the model.</summary>
    public string ToRelative(string fullPath) => WorkspaceRelative.Of(fullPath, Root);

    private PathResolution Resolve(string? path)
    {
        path ??= string.Empty;
        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            return PathResolution.Refused($"'{Show(path)}' contains characters that cannot appear in a path; pass a plain relative path such as 'src/App/Program.cs'.");
        }

        var trimmed = path.Trim();
        if (Path.IsPathRooted(trimmed) || trimmed.StartsWith('~') || trimmed.StartsWith('/') || trimmed.StartsWith('\\'))
        {
            return PathResolution.Refused($"'{Show(path)}' is not relative; pass a path relative to the workspace root, such as 'src/App/Program.cs'.");
        }

        var lexical = Path.GetFullPath(Path.Combine(Root, trimmed.Length == 0 ? "." : trimmed));
        if (!IsInside(lexical, Root))
        {
            return PathResolution.Refused($"'{Show(path)}' climbs out of the workspace; pass a path inside it, relative to the workspace root.");
        }

        var relative = Path.GetRelativePath(Root, lexical);
        if (TouchesGit(relative))
        {
            return GitRefusal(path);
        }

        var real = FollowLinks(relative);
        if (real is null)
        {
            return PathResolution.Refused($"'{Show(path)}' goes through a symbolic link that leads outside the workspace; use files that live inside the workspace instead.");
        }

        var realRelative = Path.GetRelativePath(Root, real);
        if (TouchesGit(realRelative))
        {
            return GitRefusal(path);
        }

        return PathResolution.Allowed(real, realRelative.Replace('\\', '/'));
    }

    // Walks the path one name at a time from the root, replacing every link by its target, so a link at any depth is caught; null means it leads out.
    private string? FollowLinks(string relative)
    {
        var pending = new Queue<string>(SplitSegments(relative));
        var current = Root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Dequeue();
            if (segment == ".")
            {
                continue;
            }

            var next = segment == ".." ? Path.GetDirectoryName(current) ?? current : Path.Combine(current, segment);
            if (!IsInside(next, Root))
            {
                return null;
            }

            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            var resolved = Path.GetFullPath(target, Path.GetDirectoryName(next)!);
            var inside = ToInsideRoot(resolved);
            if (inside is null)
            {
                return null;
            }

            // Restart from the root with the target's own names, so links inside the target are followed too.
            var rest = pending.ToArray();
            pending = new Queue<string>(SplitSegments(Path.GetRelativePath(Root, inside)).Concat(rest));
            current = Root;
        }

        return current;
    }

    // A link may name the workspace by its real path (say /private/tmp instead of /tmp), so both spellings count as inside.
    private string? ToInsideRoot(string path)
    {
        if (IsInside(path, Root))
        {
            return path;
        }

        if (IsInside(path, _realRoot))
        {
            return Path.Combine(Root, Path.GetRelativePath(_realRoot, path));
        }

        return null;
    }

    private static bool IsInside(string path, string root) =>
        string.Equals(Path.TrimEndingDirectorySeparator(path), root, PathComparison)
        || path.StartsWith(root + Path.DirectorySeparatorChar, PathComparison);

    private static bool TouchesGit(string relative) =>
        SplitSegments(relative).Any(segment => segment.Equals(".git", StringComparison.OrdinalIgnoreCase));

    private static PathResolution GitRefusal(string path) =>
        PathResolution.Refused($"'{Show(path)}' is inside .git, which the agent may neither read nor change; work with the files in the working tree instead.");

    private static string[] SplitSegments(string relative) =>
        relative.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);

    private static string RealPath(string fullPath, int depth)
    {
        // Resolves links in the root's own ancestors once, so targets written as real paths can be recognised.
        var current = Path.GetPathRoot(fullPath)!;
        if (depth > MaxLinkHops)
        {
            return Path.TrimEndingDirectorySeparator(fullPath);
        }

        foreach (var segment in SplitSegments(fullPath[current.Length..]))
        {
            var next = Path.Combine(current, segment);
            var target = new FileInfo(next).LinkTarget;
            current = target is null ? next : RealPath(Path.GetFullPath(target, current), depth + 1);
        }

        return Path.TrimEndingDirectorySeparator(current);
    }

    private static string Show(string? path) => TextShape.Cap(path ?? string.Empty, 120);
}
