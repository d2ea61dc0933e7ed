using System.Text;
using CiAgent.Outputs.Report;
using CiAgent.Specs;

namespace CiAgent.Outputs.Markdown;

/// <summary>The parts of a summary only an implement run has: the traceability table and the flow of the roles.</summary>
public static class ImplementSummary
{
    /// <summary>The Markdown blocks for an implement report (none for a heal): questions, traceability, roles, review.</summary>
    public static IReadOnlyList<string> Blocks(RunReport report, bool mermaid)
    {
        if (report.Spec is not { } spec)
        {
            return [];
        }

        var blocks = new List<string>();
        if (report.Questions.Count > 0)
        {
            blocks.Add("### Questions about the spec\n\n" + string.Concat(report.Questions.Select(q => $"- {SummaryContent.Message(q)}\n")));
        }

        var table = new StringBuilder($"### Traceability: {Cell(spec.Title)} ({spec.Path})\n\n| criterion | tests | red before | green after |\n|---|---|:---:|:---:|\n");
        foreach (var criterion in spec.Criteria)
        {
            var tests = criterion.Tests.Count == 0 ? "–" : string.Join("<br>", criterion.Tests.Select(t => $"`{t}`"));
            table.Append($"| **{criterion.Id}** {Cell(criterion.Text)} | {tests} | {Mark(criterion.RedBefore)} | {Mark(criterion.GreenAfter)} |\n");
        }

        blocks.Add(table.ToString());
        if (report.Roles.Count > 0)
        {
            blocks.Add(mermaid ? RoleFlow(report.Roles) : RoleTable(report.Roles));
        }

        if (report.Review is { } review)
        {
            var verdict = $"### Review: {(review.Approved ? "approved" : "not approved")} after {review.Rounds} round{(review.Rounds == 1 ? "" : "s")}\n\n";
            blocks.Add(verdict + string.Concat(review.Comments.Select(c => $"- {c.Path}:{c.Line}: {SummaryContent.Message(c.Text)}\n")));
        }

        return blocks;
    }

    private static string RoleFlow(IReadOnlyList<RoleReport> roles)
    {
        var flow = new StringBuilder("### Roles\n\n```mermaid\nflowchart LR\n");
        for (var i = 0; i < roles.Count; i++)
        {
            var role = roles[i];
            flow.Append($"    r{i}[\"{role.Role}<br>{role.Calls} calls · {role.InputTokens + role.OutputTokens} tokens\"]\n");
            if (i > 0)
            {
                flow.Append($"    r{i - 1} --> r{i}\n");
            }
        }

        return flow.Append("```\n").ToString();
    }

    private static string RoleTable(IReadOnlyList<RoleReport> roles) =>
        "### Roles\n\n| role | calls | tokens | cost |\n|---|---:|---:|---:|\n"
        + string.Concat(roles.Select(r => $"| {r.Role} | {r.Calls} | {r.InputTokens + r.OutputTokens} | ${r.CostUsd:0.####} |\n"));

    private static string Mark(bool yes) => yes ? "✅" : "❌";

    // A table cell ends at a pipe or a line break.
    private static string Cell(string text) => SummaryContent.Message(text).Replace("|", "\\|", StringComparison.Ordinal);
}
