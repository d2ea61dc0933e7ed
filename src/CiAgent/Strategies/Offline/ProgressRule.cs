using Microsoft.CodeAnalysis;

namespace CiAgent.Strategies.Offline;

/// <summary>Decides whether a candidate compilation is strictly better than the current one.</summary>
internal static class ProgressRule
{
    /// <summary>True when there are strictly fewer errors and none of them is new.</summary>
    public static bool IsProgress(IReadOnlyList<Diagnostic> before, IReadOnlyList<Diagnostic> after)
    {
        if (after.Count >= before.Count)
        {
            return false;
        }

        // Counted as a multiset so that a fix which removes one error but adds a second copy of another is still caught.
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var error in before)
        {
            var key = Identity(error);
            remaining[key] = remaining.GetValueOrDefault(key) + 1;
        }

        foreach (var error in after)
        {
            var key = Identity(error);
            var count = remaining.GetValueOrDefault(key);
            if (count == 0)
            {
                return false;
            }

            remaining[key] = count - 1;
        }

        return true;
    }

    /// <summary>An identity that survives line shifts: a fix that inserts a using moves every later error down a line without changing it.</summary>
    public static string Identity(Diagnostic error)
    {
        var path = error.Location.IsInSource ? error.Location.SourceTree?.FilePath ?? string.Empty : string.Empty;
        return string.Join('\u001f', error.Id, path, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
