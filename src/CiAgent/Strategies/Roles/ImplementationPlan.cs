using System.Text.Json;
using System.Text.Json.Serialization;

namespace CiAgent.Strategies.Roles;

/// <summary>The planner's plan: which tests prove each criterion, which files change and why, and what it had to assume.</summary>
/// <param name="Summary">The approach in a few sentences.</param>
/// <param name="Criteria">Each acceptance criterion with the fully qualified names of the tests that will prove it.</param>
/// <param name="Changes">The files to create or change, with what changes in each.</param>
/// <param name="Questions">What the spec leaves open; empty when nothing is.</param>
public sealed record ImplementationPlan(
    string Summary,
    IReadOnlyList<PlannedCriterion> Criteria,
    IReadOnlyList<PlannedChange> Changes,
    IReadOnlyList<string> Questions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>Every planned test name, in plan order, without repeats.</summary>
    public IReadOnlyList<string> Tests => [.. Criteria.SelectMany(c => c.Tests).Distinct(StringComparer.Ordinal)];

    /// <summary>Reads the arguments of a submit_plan call; null when they do not have the plan's shape.</summary>
    public static ImplementationPlan? Parse(string json)
    {
        try
        {
            var plan = JsonSerializer.Deserialize<ImplementationPlan>(json, Json);
            return plan is null ? null : plan with
            {
                Criteria = plan.Criteria ?? [],
                Changes = plan.Changes ?? [],
                Questions = [.. (plan.Questions ?? []).Where(q => !string.IsNullOrWhiteSpace(q))],
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
