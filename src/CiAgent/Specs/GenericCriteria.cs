using System.Text.RegularExpressions;

namespace CiAgent.Specs;

/// <summary>The rules for any Markdown: explicit ids first, then an "Acceptance criteria" section, then Given/When/Then items, then checklists.</summary>
/// <remarks>
/// Each rule is tried only when the one before found nothing, from the most deliberate signal (an author-given id) to the
/// loosest (any checklist). Plain list items elsewhere are not taken: in prose specs they are as often out-of-scope notes
/// or steps to reproduce as they are requirements. When nothing matches, the caller falls back to the title as AC1.
/// </remarks>
internal static partial class GenericCriteria
{
    public static IReadOnlyList<AcceptanceCriterion> Read(MarkdownOutline outline)
    {
        foreach (var rule in new Func<MarkdownOutline, CriteriaList>[] { WithExplicitIds, UnderAcceptanceHeading, GivenWhenThen, Checklist })
        {
            var criteria = rule(outline);
            if (criteria.Count > 0)
            {
                return criteria.Items;
            }
        }

        return [];
    }

    /// <summary>Lines that start with an id such as "AC1:", "AC-1", "**AC1**" or "FR-001:", keeping the id as written.</summary>
    private static CriteriaList WithExplicitIds(MarkdownOutline outline)
    {
        var criteria = new CriteriaList();
        foreach (var block in outline.Blocks)
        {
            // Within one block, a line without an id continues the criterion above it (a wrapped sentence).
            (string Id, string Text)? pending = null;
            foreach (var line in block.Lines)
            {
                var match = ExplicitId().Match(line);
                if (match.Success)
                {
                    AddPending(criteria, pending);
                    pending = (match.Groups["id"].Value.ToUpperInvariant(), match.Groups["text"].Value);
                }
                else if (pending is { } open)
                {
                    pending = (open.Id, $"{open.Text} {line}");
                }
            }

            AddPending(criteria, pending);
        }

        return criteria;
    }

    private static void AddPending(CriteriaList criteria, (string Id, string Text)? pending)
    {
        if (pending is { } criterion)
        {
            criteria.Add(criterion.Id, criterion.Text);
        }
    }

    /// <summary>The top-level list items (checklist or not) under a heading that names acceptance criteria.</summary>
    private static CriteriaList UnderAcceptanceHeading(MarkdownOutline outline)
    {
        var criteria = new CriteriaList();
        int? sectionLevel = null;
        int? itemLevel = null;
        foreach (var block in outline.Blocks)
        {
            if (block.IsHeading)
            {
                if (sectionLevel is not null && block.Level <= sectionLevel)
                {
                    sectionLevel = null;
                }

                if (AcceptanceHeading().IsMatch(block.Text))
                {
                    sectionLevel = block.Level;
                    itemLevel = null;
                }
            }
            else if (sectionLevel is not null && block.IsListItem)
            {
                // Top level within the section, so nested detail under an item stays part of the body, not a criterion.
                itemLevel ??= block.Level;
                if (block.Level == itemLevel)
                {
                    criteria.Add($"AC{criteria.Count + 1}", block.Text);
                }
            }
        }

        return criteria;
    }

    /// <summary>List items or paragraphs written as scenarios: "Given …, When …, Then …".</summary>
    private static CriteriaList GivenWhenThen(MarkdownOutline outline)
    {
        var criteria = new CriteriaList();
        foreach (var block in outline.Blocks.Where(block => !block.IsHeading && IsScenario(block.Text)))
        {
            criteria.Add($"AC{criteria.Count + 1}", block.Text);
        }

        return criteria;
    }

    private static CriteriaList Checklist(MarkdownOutline outline)
    {
        var criteria = new CriteriaList();
        foreach (var block in outline.Blocks.Where(block => block.IsTask))
        {
            criteria.Add($"AC{criteria.Count + 1}", block.Text);
        }

        return criteria;
    }

    public static bool IsScenario(string text) => Scenario().IsMatch(text);

    // "AC" ids may run straight into the text ("AC-1 Users can…"); other prefixes (FR-001, REQ-12) need a colon after them,
    // so a sentence that merely opens with "ISO-8601 dates…" or "UTF-8." is not taken for an id.
    [GeneratedRegex(@"^(?:(?<id>AC-?\d+)\s*[:.)\-–—]?|(?<id>[A-Z]{1,5}-\d{1,5})\s*:)\s*(?<text>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitId();

    [GeneratedRegex(@"^acceptance\s+criteri(a|on)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AcceptanceHeading();

    [GeneratedRegex(@"^given\b.*\bthen\b", RegexOptions.IgnoreCase)]
    private static partial Regex Scenario();
}
