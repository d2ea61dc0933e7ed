using System.Text;
using CiAgent.Healing;
using CiAgent.Outputs.Report;
using CiAgent.Specs;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Roles;

namespace CiAgent.Implementing;

/// <summary>What an implement run has decided so far (plan, tests, review, spend per role), and how the report and the commit tell it.</summary>
/// <param name="spec">The spec being implemented.</param>
public sealed class ImplementTrace(Spec spec)
{
    private readonly List<RoleReport> _roles = [];
    private int _noProgressStops;

    /// <summary>The accepted plan, once there is one.</summary>
    public ImplementationPlan? Plan { get; set; }

    /// <summary>True once the tester's tests were accepted as red.</summary>
    public bool RedBefore { get; set; }

    /// <summary>True once the acceptance tests passed with the whole suite.</summary>
    public bool GreenAfter { get; set; }

    /// <summary>The last review, once there is one.</summary>
    public CodeReview? Review { get; set; }

    /// <summary>Review rounds so far.</summary>
    public int ReviewRounds { get; set; }

    /// <summary>Records what one role's conversation spent.</summary>
    public void Spent(RoleResult role)
    {
        _roles.Add(new RoleReport(role.Role, role.Calls, role.InputTokens, role.OutputTokens, role.CostUsd));
        _noProgressStops += role.Agent.Outcome == AgentOutcome.NoProgress ? 1 : 0;
    }

    /// <summary>Adds the spec, plan, review, questions and roles to a report.</summary>
    public RunReport Describe(RunReport report) => report with
    {
        Mode = "implement",
        NoProgressStops = report.NoProgressStops + _noProgressStops,
        Spec = new SpecReport(spec.Path, FormatName(spec.Format), spec.Title, [.. spec.Criteria.Select(c => new CriterionReport(c.Id, c.Text, TestsOf(c.Id), RedBefore, GreenAfter))]),
        Plan = Plan is null ? null : new PlanReport(Plan.Summary, [.. Plan.Changes.Select(c => new PlannedFileReport(c.Path, c.What))]),
        Review = Review is null ? null : new ReviewReport(Review.Approved, ReviewRounds, [.. Review.Comments.Select(c => new ReviewCommentReport(c.Path, c.Line, c.Text))]),
        Questions = Plan?.Questions ?? [],
        Roles = [.. _roles],
    };

    /// <summary>The commit message: subject `ciagent: implement title`, then the plan, the traceability table and the review.</summary>
    public string CommitMessage()
    {
        var text = new StringBuilder($"ciagent: implement {spec.Title}\n\n");
        if (Plan is not null)
        {
            text.Append(Plan.Summary.Trim()).Append("\n\n");
        }

        text.Append("Criterion | Tests | Red before | Green after\n");
        foreach (var criterion in spec.Criteria)
        {
            text.Append($"{criterion.Id} | {string.Join(", ", TestsOf(criterion.Id))} | {(RedBefore ? "yes" : "no")} | {(GreenAfter ? "yes" : "no")}\n");
        }

        if (Review is not null)
        {
            text.Append($"\nReview: {(Review.Approved ? "approved" : "not approved")} after {ReviewRounds} round{(ReviewRounds == 1 ? "" : "s")}.\n");
        }

        text.Append($"\nSpec: {spec.Path}\nGenerated-by: ciagent {ToolInfo.Version}\n");
        return text.ToString();
    }

    private IReadOnlyList<string> TestsOf(string id) =>
        Plan?.Criteria.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase))?.Tests ?? [];

    private static string FormatName(SpecFormat format) => format switch
    {
        SpecFormat.SpecKit => "spec-kit",
        SpecFormat.OpenSpec => "openspec",
        _ => format.ToString().ToLowerInvariant(),
    };
}
