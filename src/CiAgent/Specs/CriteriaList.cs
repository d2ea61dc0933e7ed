using CiAgent.Kernel;

namespace CiAgent.Specs;

/// <summary>Collects criteria while keeping ids unique, so a spec that repeats an id still yields one id per criterion.</summary>
internal sealed class CriteriaList
{
    private readonly List<AcceptanceCriterion> criteria = [];
    private readonly HashSet<string> ids = new(StringComparer.OrdinalIgnoreCase);

    public int Count => criteria.Count;

    public IReadOnlyList<AcceptanceCriterion> Items => criteria;

    /// <summary>Adds the criterion; an exact repeat is dropped and a reused id with other text gets "-2", "-3"… appended.</summary>
    public void Add(string id, string text)
    {
        text = TextShape.OneLine(text);
        if (text.Length == 0)
        {
            return;
        }

        if (criteria.Any(existing => string.Equals(existing.Id, id, StringComparison.OrdinalIgnoreCase) && existing.Text == text))
        {
            return;
        }

        var unique = id;
        for (var suffix = 2; !ids.Add(unique); suffix++)
        {
            unique = $"{id}-{suffix}";
        }

        criteria.Add(new AcceptanceCriterion(unique, text));
    }
}
