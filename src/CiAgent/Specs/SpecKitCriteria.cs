using System.Text.RegularExpressions;

namespace CiAgent.Specs;

/// <summary>Criteria of a Spec Kit spec.md: each user story's acceptance scenarios (US1-1, US1-2…) and each functional requirement (FR-001…).</summary>
/// <remarks>
/// Success criteria (SC-001…) are left out: Spec Kit writes them as measurable outcomes for people ("users finish in
/// under 2 minutes"), which a test in CI cannot check; they still reach the planner in the body.
/// </remarks>
internal static partial class SpecKitCriteria
{
    public static IReadOnlyList<AcceptanceCriterion> Read(MarkdownOutline outline)
    {
        var criteria = new CriteriaList();
        var storiesSeen = 0;
        var story = 0;
        var scenario = 0;
        var inScenarios = false;
        foreach (var block in outline.Blocks)
        {
            if (block.IsHeading)
            {
                inScenarios = AcceptanceScenarios().IsMatch(block.Text);
                var storyHeading = UserStory().Match(block.Text);
                if (storyHeading.Success)
                {
                    // The number written in the heading keeps ids stable if stories are reordered; count only when it is missing.
                    storiesSeen++;
                    story = storyHeading.Groups["number"].Success ? int.Parse(storyHeading.Groups["number"].Value) : storiesSeen;
                    scenario = 0;
                }

                continue;
            }

            if (block.Kind == OutlineBlockKind.Paragraph)
            {
                // "**Acceptance Scenarios**:" opens the list; any other paragraph ("**Edge Cases**:") closes it.
                inScenarios = AcceptanceScenarios().IsMatch(block.Text);
                continue;
            }

            var requirement = FunctionalRequirement().Match(block.Text);
            if (requirement.Success)
            {
                criteria.Add(requirement.Groups["id"].Value.ToUpperInvariant(), requirement.Groups["text"].Value);
            }
            else if (inScenarios && block.Level == 1 && story > 0)
            {
                scenario++;
                criteria.Add($"US{story}-{scenario}", block.Text);
            }
        }

        return criteria.Items;
    }

    /// <summary>The feature name from "# Feature Specification: X", or null when the H1 is not in that form.</summary>
    public static string? FeatureName(string? heading)
    {
        var match = heading is null ? Match.Empty : FeatureHeading().Match(heading);
        return match.Success ? match.Groups["name"].Value.Trim() : null;
    }

    [GeneratedRegex(@"^user\s+story(?:\s+(?<number>\d+))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex UserStory();

    [GeneratedRegex(@"^acceptance\s+scenarios\s*:?$", RegexOptions.IgnoreCase)]
    private static partial Regex AcceptanceScenarios();

    [GeneratedRegex(@"^(?<id>FR-\d+)\s*:\s*(?<text>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionalRequirement();

    [GeneratedRegex(@"^feature\s+specification\s*:\s*(?<name>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex FeatureHeading();
}
