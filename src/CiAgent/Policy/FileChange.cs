namespace CiAgent.Policy;

/// <summary>One file as it was before and after a proposed fix.</summary>
/// <param name="Path">The workspace-relative path with '/' separators.</param>
/// <param name="Before">The old text, or null when the fix adds the file.</param>
/// <param name="After">The new text, or null when the fix deletes the file.</param>
/// <param name="IsTestFile">True when the file belongs to a test project, so test-integrity rules apply to it.</param>
public sealed record FileChange(string Path, string? Before, string? After, bool IsTestFile)
{
    /// <summary>True when the text differs between before and after.</summary>
    public bool IsModified => !string.Equals(Before, After, StringComparison.Ordinal);

    /// <summary>True when the path ends with <paramref name="extension"/>, ignoring case.</summary>
    public bool HasExtension(string extension) => Path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
