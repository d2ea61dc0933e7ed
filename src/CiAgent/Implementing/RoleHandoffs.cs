using System.Text;
using System.Text.RegularExpressions;
using CiAgent.Context;
using CiAgent.Specs;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Roles;

namespace CiAgent.Implementing;

/// <summary>The first message of each role: the structured handoff from the harness and the roles before it.</summary>
public static partial class RoleHandoffs
{
    // The planner's context stays well inside a small model's window; the spec itself is capped by the reader.
    private const int ContextTokens = 3000;

    /// <summary>The planner's message: the spec, the criteria the harness parsed, and the layout and declarations of the names the spec mentions.</summary>
    public static string ForPlanner(Spec spec, string workspaceRoot)
    {
        var names = NameLike().Matches(spec.Body).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Take(40);
        var context = new PromptBuilder(new SourceCatalog(workspaceRoot), ContextTokens).ForNames(names);
        return new StringBuilder()
            .Append($"# Spec: {spec.Title} ({spec.Path})\n\n")
            .Append(Criteria(spec)).Append('\n')
            .Append(context).Append('\n')
            .Append("## The spec\n").Append(spec.Body).Append("\n\n")
            .Append("Plan the acceptance tests for every criterion id above and the changes that implement them, then call submit_plan.")
            .ToString();
    }

    /// <summary>The tester's message: the criteria and the tests the plan names.</summary>
    public static string ForTester(Spec spec, ImplementationPlan plan) => new StringBuilder()
        .Append($"# Write the acceptance tests for: {spec.Title}\n\n")
        .Append(Criteria(spec)).Append('\n')
        .Append("## Planned tests\n")
        .AppendJoin('\n', plan.Criteria.SelectMany(c => c.Tests.Select(t => $"- {t} (proves {c.Id})"))).Append("\n\n")
        .Append("## Planned production changes (for you to call, not to write)\n")
        .AppendJoin('\n', plan.Changes.Select(c => $"- {c.Path}: {c.What}")).Append("\n\n")
        .Append("Write exactly these tests in the existing test projects, each failing now, then call finish.")
        .ToString();

    /// <summary>The coder's message: the plan, the locked acceptance tests, and the reviewer's comments on a later round.</summary>
    public static string ForCoder(Spec spec, ImplementationPlan plan, IReadOnlyCollection<string> lockedFiles, CodeReview? review) => new StringBuilder()
        .Append($"# Implement: {spec.Title}\n\n")
        .Append("## Plan\n").Append(plan.Summary).Append('\n')
        .AppendJoin('\n', plan.Changes.Select(c => $"- {c.Path}: {c.What}")).Append("\n\n")
        .Append(Criteria(spec)).Append('\n')
        .Append("## Acceptance tests (locked; read them, do not change them)\n")
        .AppendJoin('\n', lockedFiles.Select(f => $"- {f}")).Append('\n')
        .AppendJoin('\n', plan.Tests.Select(t => $"- {t}")).Append("\n\n")
        .Append(review is null ? "" : "## Review comments to address\n" + string.Join('\n', review.Comments.Select(c => $"- {c.Path}:{c.Line}: {c.Text}")) + "\n\n")
        .Append("Make the acceptance tests pass without breaking any other test, then call finish.")
        .ToString();

    /// <summary>The reviewer's message: the spec's criteria, the plan and the verified diff.</summary>
    public static string ForReviewer(Spec spec, ImplementationPlan plan, string diff) => new StringBuilder()
        .Append($"# Review the implementation of: {spec.Title}\n\n")
        .Append(Criteria(spec)).Append('\n')
        .Append("## Plan\n").Append(plan.Summary).Append("\n\n")
        .Append("## The change (the harness has verified that the build and every test pass)\n```diff\n").Append(diff.TrimEnd()).Append("\n```\n\n")
        .Append("Call submit_review: approved, or comments on the lines to change.")
        .ToString();

    private static string Criteria(Spec spec) =>
        "## Acceptance criteria\n" + string.Join('\n', spec.Criteria.Select(c => $"- {c.Id}: {c.Text}")) + "\n";

    // Code-shaped names in a spec: `Backticked` words and PascalCase identifiers (Cart, TotalWithTax, IDiscountPolicy).
    [GeneratedRegex(@"`?\b([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|I[A-Z][A-Za-z0-9]+)\b`?")]
    private static partial Regex NameLike();
}
