using System.Text;
using System.Text.RegularExpressions;

namespace CiAgent.Specs;

/// <summary>Criteria of OpenSpec spec deltas: one per "#### Scenario:", its WHEN/THEN/AND bullets joined into one line.</summary>
/// <remarks>
/// Ids are the kebab-case slug of the scenario name ("#### Scenario: Valid credentials" → valid-credentials): OpenSpec
/// itself identifies requirements by their header text, so a name-based id survives reordering and matches what the
/// author sees. Repeated names get "-2", "-3"… in reading order (delta files sorted by path). Scenarios under
/// "## REMOVED Requirements" are skipped: they describe behaviour that is going away, not something to implement.
/// </remarks>
internal static partial class OpenSpecCriteria
{
    private const int MaxSlugLength = 60;

    public static void Read(MarkdownOutline delta, CriteriaList criteria)
    {
        var removed = false;
        string? scenario = null;
        var steps = new List<string>();
        foreach (var block in delta.Blocks)
        {
            if (block.IsHeading)
            {
                Flush(scenario, steps, criteria);
                scenario = null;
                if (block.Level <= 2)
                {
                    removed = RemovedSection().IsMatch(block.Text);
                }

                var heading = Scenario().Match(block.Text);
                if (heading.Success && !removed)
                {
                    scenario = heading.Groups["name"].Value.Trim();
                }
            }
            else if (scenario is not null && block.IsListItem)
            {
                steps.Add(block.Text);
            }
        }

        Flush(scenario, steps, criteria);
    }

    private static void Flush(string? scenario, List<string> steps, CriteriaList criteria)
    {
        if (scenario is not null)
        {
            var text = steps.Count == 0 ? scenario : $"{scenario}: {string.Join(' ', steps)}";
            criteria.Add(Slug(scenario), text);
        }

        steps.Clear();
    }

    /// <summary>The title from a proposal's H1 with a leading "Change:" or "Proposal:" removed, or null when there is none.</summary>
    public static string? Title(string? heading) =>
        heading is null ? null : ChangePrefix().Replace(heading, string.Empty).Trim() is { Length: > 0 } title ? title : null;

    /// <summary>Lower-case letters and digits with single hyphens between words, capped so an id stays short.</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var character in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(character))
            {
                slug.Append(character);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var id = slug.ToString().Trim('-');
        id = id.Length > MaxSlugLength ? id[..MaxSlugLength].TrimEnd('-') : id;
        return id.Length == 0 ? "scenario" : id;
    }

    [GeneratedRegex(@"^scenario\s*:\s*(?<name>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Scenario();

    [GeneratedRegex(@"^removed\s+requirements\b", RegexOptions.IgnoreCase)]
    private static partial Regex RemovedSection();

    [GeneratedRegex(@"^(change|proposal)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ChangePrefix();
}
