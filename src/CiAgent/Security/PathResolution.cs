namespace CiAgent.Security;

/// <summary>The outcome of asking the jail for a path: either the full path to use or a refusal the model can read and act on.</summary>
/// <param name="FullPath">Full path inside the workspace (after following symbolic links), or null when refused.</param>
/// <param name="RelativePath">The path relative to the workspace root with '/' separators, or null when refused.</param>
/// <param name="Refusal">One sentence saying why the path was refused and what to do instead, or null when allowed.</param>
public sealed record PathResolution(string? FullPath, string? RelativePath, string? Refusal)
{
    /// <summary>True when the path may be used.</summary>
    public bool IsAllowed => Refusal is null;

    internal static PathResolution Allowed(string fullPath, string relativePath) => new(fullPath, relativePath, null);

    internal static PathResolution Refused(string reason) => new(null, null, reason);
}
