namespace CiAgent.Strategies.Offline;

/// <summary>
/// Settles a type name found in several namespaces by the namespaces a file already uses: the candidate that shares the longest
/// leading run of dotted segments with one of them, when exactly one candidate does.
/// </summary>
/// <remarks>
/// A file that lost <c>using FluentValidation.Results;</c> but still has <c>using FluentValidation;</c> means FluentValidation's
/// <c>ValidationResult</c>, not <c>System.ComponentModel.DataAnnotations</c>'. Sharing only <c>System</c> says nothing: nearly every
/// file imports it (implicitly at least), and most of the framework lives under it.
/// </remarks>
internal static class NamespaceTie
{
    /// <summary>The one candidate nearest a namespace the file uses, with that namespace; null when none is near or two are equally near.</summary>
    /// <param name="candidates">The namespaces declaring a type of the wanted name.</param>
    /// <param name="inUse">The namespaces the file imports, and its own.</param>
    public static (string Namespace, string Near)? Settle(IReadOnlyList<string> candidates, IEnumerable<string> inUse)
    {
        var used = inUse.Distinct(StringComparer.Ordinal).Select(ns => ns.Split('.')).ToList();
        var scored = candidates
            .Select(candidate =>
            {
                var segments = candidate.Split('.');
                var nearest = used.Select(ns => (Namespace: ns, Shared: Shared(segments, ns))).MaxBy(n => n.Shared);
                return (Candidate: candidate, nearest.Shared, Near: nearest.Namespace);
            })
            .OrderByDescending(s => s.Shared)
            .ToList();
        if (scored.Count < 2 || scored[0].Shared == 0 || scored[0].Shared == scored[1].Shared)
        {
            return null;
        }

        return (scored[0].Candidate, string.Join('.', scored[0].Near!));
    }

    // Whole leading segments two namespaces share; System alone counts as nothing.
    private static int Shared(string[] first, string[] second)
    {
        var shared = 0;
        while (shared < first.Length && shared < second.Length && string.Equals(first[shared], second[shared], StringComparison.Ordinal))
        {
            shared++;
        }

        return shared == 1 && first[0] == "System" ? 0 : shared;
    }
}
