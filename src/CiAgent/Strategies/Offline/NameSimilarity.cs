namespace CiAgent.Strategies.Offline;

/// <summary>Decides whether one member name is a plausible rename of another.</summary>
/// <remarks>
/// A wrong rename that still compiles silently changes behaviour, so the rule is deliberately narrow and the caller
/// also requires the match to be the only one. Two names are close when:
/// (1) they differ only in letter case (GetUrl → GetURL) — such a candidate wins outright, being nearly certain; or
/// (2) their case-insensitive edit distance, counting an adjacent swap as one edit, is at most clamp(length / 3, 1, 3)
///     of the missing name — one edit for names under six letters, because two edits turn short words into other
///     words (Add → And → Any), and never more than three, because beyond that it is a different name, not a typo; or
/// (3) their camel-case words differ by exactly one whole word added or dropped (GetItems → GetAllItems,
///     TotalPrice → Total), and the shorter name still has at least four letters, so that a bare verb like Get is
///     not taken to mean every GetX.
/// </remarks>
internal static class NameSimilarity
{
    /// <summary>Returns the only candidate close to the missing name, or null when none or several are.</summary>
    public static string? PickUnique(string missing, IEnumerable<string> candidates)
    {
        var distinct = candidates.Where(c => c != missing).Distinct(StringComparer.Ordinal).ToList();
        var caseOnly = distinct.Where(c => string.Equals(c, missing, StringComparison.OrdinalIgnoreCase)).ToList();
        if (caseOnly.Count > 0)
        {
            return caseOnly.Count == 1 ? caseOnly[0] : null;
        }

        var close = distinct.Where(c => IsClose(missing, c)).ToList();
        return close.Count == 1 ? close[0] : null;
    }

    /// <summary>True when the candidate is close to the missing name by one of the rules above.</summary>
    public static bool IsClose(string missing, string candidate) =>
        string.Equals(missing, candidate, StringComparison.OrdinalIgnoreCase)
        || EditDistance(missing.ToLowerInvariant(), candidate.ToLowerInvariant()) <= MaxEdits(missing.Length)
        || DifferByOneWord(missing, candidate);

    /// <summary>The most edits a typo of a name of this length may have.</summary>
    public static int MaxEdits(int length) => Math.Clamp(length / 3, 1, 3);

    /// <summary>Edit distance with insertions, deletions, substitutions and adjacent transpositions each costing one.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>Splits a name into its camel-case words, so GetHTTPClient2 gives Get, HTTP, Client, 2.</summary>
    public static IReadOnlyList<string> Words(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            var boundary = i == name.Length
                || name[i] == '_'
                || (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
                || (char.IsUpper(name[i]) && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))
                || (char.IsDigit(name[i]) != char.IsDigit(name[i - 1]));
            if (boundary)
            {
                var word = name[start..i].Trim('_');
                if (word.Length > 0)
                {
                    words.Add(word);
                }

                start = i;
            }
        }

        return words;
    }

    private static bool DifferByOneWord(string a, string b)
    {
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (shorter.Length < 4)
        {
            return false;
        }

        var shortWords = Words(shorter);
        var longWords = Words(longer);
        if (longWords.Count != shortWords.Count + 1)
        {
            return false;
        }

        for (var dropped = 0; dropped < longWords.Count; dropped++)
        {
            var rest = longWords.Where((_, i) => i != dropped);
            if (rest.SequenceEqual(shortWords, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
