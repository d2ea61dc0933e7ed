using System.Text.RegularExpressions;

namespace CiAgent.Specs;

/// <summary>Criteria of a Kiro requirements.md: the numbered EARS lines under each requirement's "Acceptance Criteria" (R1-1, R1-2…).</summary>
internal static partial class KiroCriteria
{
    public static IReadOnlyList<AcceptanceCriterion> Read(MarkdownOutline outline)
    {
        var criteria = new CriteriaList();
        var requirementsSeen = 0;
        var requirement = 0;
        var line = 0;
        var inCriteria = false;
        foreach (var block in outline.Blocks)
        {
            if (block.IsHeading)
            {
                var heading = Requirement().Match(block.Text);
                if (heading.Success)
                {
                    requirementsSeen++;
                    requirement = heading.Groups["number"].Success ? int.Parse(heading.Groups["number"].Value) : requirementsSeen;
                    line = 0;
                    inCriteria = false;
                }
                else
                {
                    inCriteria = AcceptanceCriteria().IsMatch(block.Text);
                }
            }
            else if (inCriteria && requirement > 0 && block.IsListItem && block.Level == 1)
            {
                line++;
                criteria.Add($"R{requirement}-{line}", block.Text);
            }
        }

        return criteria.Items;
    }

    /// <summary>A title from the H1 unless it is Kiro's generic "Requirements Document", in which case null.</summary>
    public static string? Title(string? heading)
    {
        if (heading is null)
        {
            return null;
        }

        var stripped = GenericTitle().Replace(heading, string.Empty).Trim();
        return stripped.Length == 0 ? null : stripped;
    }

    [GeneratedRegex(@"^requirement\s*(?<number>\d+)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Requirement();

    [GeneratedRegex(@"^acceptance\s+criteria\s*:?$", RegexOptions.IgnoreCase)]
    private static partial Regex AcceptanceCriteria();

    [GeneratedRegex(@"^requirements(\s+document)?\s*[:\-–—]?", RegexOptions.IgnoreCase)]
    private static partial Regex GenericTitle();
}
