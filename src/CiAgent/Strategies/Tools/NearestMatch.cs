namespace CiAgent.Strategies.Tools;

/// <summary>Finds the lines of a file most like a piece of text that was not found verbatim, so the model can see what the file really says there.</summary>
internal static class NearestMatch
{
    // Beyond this the scan is too slow to be worth it; the model can read the file instead.
    private const int MaxFileLines = 50_000;

    /// <summary>The 0-based first line and line count of the most similar region, and its similarity from 0 to 1; null when nothing is similar.</summary>
    public static (int Start, int Count, double Score)? Find(IReadOnlyList<string> fileLines, IReadOnlyList<string> wantedLines)
    {
        if (fileLines.Count == 0 || wantedLines.Count == 0 || fileLines.Count > MaxFileLines)
        {
            return null;
        }

        var window = Math.Min(wantedLines.Count, fileLines.Count);
        var wanted = wantedLines.Select(Bigrams).ToArray();
        var file = fileLines.Select(Bigrams).ToArray();
        var best = (Start: 0, Score: -1.0);
        for (var start = 0; start + window <= fileLines.Count; start++)
        {
            var score = 0.0;
            for (var i = 0; i < window; i++)
            {
                score += Similarity(file[start + i], wanted[i]);
            }

            score /= wantedLines.Count;
            if (score > best.Score)
            {
                best = (start, score);
            }
        }

        return best.Score < 0.3 ? null : (best.Start, window, best.Score);
    }

    // Letter pairs of the trimmed line: indentation and small typos barely move the score, which is what a near miss looks like.
    private static HashSet<int> Bigrams(string line)
    {
        var text = line.Trim();
        var pairs = new HashSet<int>();
        if (text.Length == 1)
        {
            pairs.Add(text[0]);
        }

        for (var i = 0; i + 1 < text.Length; i++)
        {
            pairs.Add((text[i] << 16) | text[i + 1]);
        }

        return pairs;
    }

    private static double Similarity(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        return 2.0 * shared / (a.Count + b.Count);
    }
}
