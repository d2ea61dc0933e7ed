using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Tools;

/// <summary>Finds the C# syntax errors an edit introduced, so the model hears about a missing brace at once instead of after a full build.</summary>
internal static class SyntaxCheck
{
    private const int MaxReported = 10;

    /// <summary>True for files the check applies to.</summary>
    public static bool Applies(string path) => path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Errors in <paramref name="after"/> that were not in <paramref name="before"/>, where the text at <paramref name="editStart"/> of length <paramref name="removedLength"/> was replaced by <paramref name="insertedLength"/> characters.</summary>
    public static IReadOnlyList<Diagnostic> NewErrors(string before, string after, int editStart, int removedLength, int insertedLength)
    {
        var shift = insertedLength - removedLength;

        // Errors outside the edit keep their place (shifted past it), so an error at the same code and place existed before; ones inside the edit count as new.
        var old = Errors(before)
            .Where(d => d.Location.SourceSpan.Start < editStart || d.Location.SourceSpan.Start >= editStart + removedLength)
            .Select(d => (d.Id, Start: d.Location.SourceSpan.Start < editStart ? d.Location.SourceSpan.Start : d.Location.SourceSpan.Start + shift))
            .ToHashSet();
        return Errors(after).Where(d => !old.Contains((d.Id, d.Location.SourceSpan.Start))).ToList();
    }

    /// <summary>Errors in <paramref name="after"/> beyond those of the same code and message in <paramref name="before"/>, for rewrites of a whole file where places cannot be matched.</summary>
    public static IReadOnlyList<Diagnostic> NewErrors(string? before, string after)
    {
        var remaining = (before is null ? [] : Errors(before))
            .GroupBy(d => (d.Id, Message: d.GetMessage()))
            .ToDictionary(g => g.Key, g => g.Count());
        var added = new List<Diagnostic>();
        foreach (var error in Errors(after))
        {
            var key = (error.Id, error.GetMessage());
            if (remaining.TryGetValue(key, out var count) && count > 0)
            {
                remaining[key] = count - 1;
            }
            else
            {
                added.Add(error);
            }
        }

        return added;
    }

    /// <summary>Formats errors as "Syntax errors after your edit: src/A.cs(12,5): CS1002 ; expected", one per line, or an empty string when there are none.</summary>
    public static string Describe(string relativePath, IReadOnlyList<Diagnostic> errors)
    {
        if (errors.Count == 0)
        {
            return string.Empty;
        }

        var lines = errors.Take(MaxReported).Select(d =>
        {
            var position = d.Location.GetLineSpan().StartLinePosition;
            return $"{relativePath}({position.Line + 1},{position.Character + 1}): {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        });
        var more = errors.Count > MaxReported ? $"\n... and {errors.Count - MaxReported} more" : string.Empty;
        return $"Syntax errors after your edit: {string.Join("\n", lines)}{more}\nFix them with another edit before building.";
    }

    private static IEnumerable<Diagnostic> Errors(string text) =>
        CSharpSyntaxTree.ParseText(text).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);
}
