using CiAgent.Kernel;
using CiAgent.Policy;
using CiAgent.Security;
using CiAgent.Settings;
using CiAgent.Specs;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Roles;
using CiAgent.Strategies.Tools;
using CiAgent.Verification;
using CiAgent.Workspace;

namespace CiAgent.Implementing;

/// <summary>The four roles of an implement run, each a conversation with its own tools, handed what the roles before it produced and judged by the harness.</summary>
/// <param name="settings">The run's settings.</param>
/// <param name="spec">The spec.</param>
/// <param name="workspace">The run's workspace.</param>
/// <param name="verifier">The real build and test runs.</param>
/// <param name="conversation">Runs one role's conversation on the run's one budget and trajectory.</param>
/// <param name="trace">Where the plan, tests, review and spend are recorded.</param>
/// <param name="progress">The run's progress (verified states, the best attempt, fixes).</param>
public sealed class ImplementRoles(
    RunSettings settings, Spec spec, RunWorkspace workspace, Verifier verifier, RoleConversation conversation, ImplementTrace trace, RunProgress progress)
{
    private readonly AcceptanceGate _gate = new(workspace, verifier);
    private readonly PolicyGate _policy = new(workspace, settings.Policy);
    private bool _verifiedOnce;

    /// <summary>The planner: returns null once a plan that covers every criterion is accepted, else why it stopped.</summary>
    public async Task<string?> PlanAsync(CancellationToken cancellationToken)
    {
        // Read-only for the planner itself; its writes are only used to check that the planned changes touch nothing protected.
        var jail = new WorkspaceJail(workspace.Root, settings.Policy.ProtectedPaths, allowTestEdits: true);
        var result = await conversation.RunAsync(
            RolePrompts.Planner, RoleHandoffs.ForPlanner(spec, workspace.Root), RoleWorkspace.ReadOnly(jail, SubmitTool.Plan()),
            (claim, _) => Task.FromResult(JudgePlan(claim, jail)), cancellationToken).ConfigureAwait(false);
        trace.Spent(result);
        return result.Accepted ? null : result.Agent.Reason;
    }

    /// <summary>The tester: returns null once every planned test exists and is red, and locks them; else why it stopped.</summary>
    public async Task<string?> WriteTestsAsync(CancellationToken cancellationToken)
    {
        var plan = trace.Plan!;
        var tracker = new BestStateTracker(workspace, progress.Current!, progress.Record);
        var checks = new WorkspaceChecks(workspace, verifier, tracker, plan.Tests, []);
        var tools = new RoleWorkspace(
            new WorkspaceJail(workspace.Root, settings.Policy.ProtectedPaths, testsOnly: true),
            [.. AgentToolbox.ReadingTools, AgentToolNames.ReplaceInFile, AgentToolNames.WriteFile, AgentToolNames.RunBuild, AgentToolNames.RunTests, AgentToolNames.Finish],
            checks.BuildAsync, checks.TestsAsync, path => workspace.Track(path), _policy.EditRefusalAsync);
        var result = await conversation.RunAsync(
            RolePrompts.Tester, RoleHandoffs.ForTester(spec, plan), tools,
            (_, token) => _gate.CheckRedAsync(plan.Tests, token), cancellationToken).ConfigureAwait(false);
        trace.Spent(result);
        if (!result.Accepted)
        {
            return result.Agent.Reason;
        }

        _gate.Lock();
        trace.RedBefore = true;
        return null;
    }

    /// <summary>The coder, then the reviewer, with fresh coder rounds for rejected reviews; null when a verified change was approved, else why not.</summary>
    public async Task<string?> CodeAndReviewAsync(CancellationToken cancellationToken)
    {
        CodeReview? review = null;
        for (var round = 0; ; round++)
        {
            if (await CodeAsync(review, cancellationToken).ConfigureAwait(false) is { } stop)
            {
                return $"The coder did not make the acceptance tests pass with the whole suite: {stop}";
            }

            review = await ReviewAsync(cancellationToken).ConfigureAwait(false);
            if (review is null)
            {
                return "The reviewer did not submit a review.";
            }

            trace.Review = review;
            trace.ReviewRounds = round + 1;
            if (review.Approved)
            {
                return null;
            }

            if (round >= settings.Implement.MaxReviewRounds)
            {
                var first = review.Comments.FirstOrDefault();
                return $"The reviewer did not approve after {round + 1} review round{(round == 0 ? "" : "s")}" + (first is null ? "." : $"; first comment: {first.Path}:{first.Line}: {TextShape.OneLine(first.Text)}");
            }
        }
    }

    /// <summary>The harness's last word before the commit: the acceptance tests untouched, and the whole change within the integrity policy.</summary>
    public async Task<string?> FinalRefusalAsync(CancellationToken cancellationToken) =>
        _gate.BrokenLock() is { } broken ? $"the locked acceptance test {broken} was changed." : await PolicyRefusalAsync(cancellationToken).ConfigureAwait(false);

    private async Task<string?> CodeAsync(CodeReview? review, CancellationToken cancellationToken)
    {
        var plan = trace.Plan!;
        var tracker = new BestStateTracker(workspace, _gate.Red ?? progress.Current!, progress.Record);
        var checks = new WorkspaceChecks(workspace, verifier, tracker, plan.Tests, []);
        var tools = new RoleWorkspace(
            new WorkspaceJail(workspace.Root, [.. settings.Policy.ProtectedPaths, .. _gate.LockedFiles], settings.Jail.AllowTestEdits),
            AgentToolbox.HealingTools, checks.BuildAsync, checks.TestsAsync, path => workspace.Track(path), _policy.EditRefusalAsync);
        var result = await conversation.RunAsync(
            RolePrompts.Coder, RoleHandoffs.ForCoder(spec, plan, _gate.LockedFiles, review), tools,
            (_, token) => checks.JudgeAsync(FinalRefusalAsync, runTests: true, token), cancellationToken).ConfigureAwait(false);
        trace.Spent(result);

        // A later round that falls short must not hide an earlier round's verified change: partial.patch keeps the best.
        if (result.Accepted || !_verifiedOnce)
        {
            progress.BestFiles = tracker.BestFiles;
            progress.Current = result.Accepted ? tracker.Latest : tracker.Best;
        }

        trace.GreenAfter = result.Accepted;
        if (!result.Accepted)
        {
            return result.Agent.Reason;
        }

        _verifiedOnce = true;
        progress.Fixes.Add(new FixReport("implement", "coder", "", null, 0, TextShape.OneLine(result.Agent.Summary ?? "Implemented the plan.")));
        return null;
    }

    private async Task<CodeReview?> ReviewAsync(CancellationToken cancellationToken)
    {
        var diff = workspace.Git is { } git
            ? await git.DiffAsync([.. workspace.EditedFiles.Select(workspace.GitPath)], cancellationToken).ConfigureAwait(false)
            : "";
        CodeReview? review = null;
        var result = await conversation.RunAsync(
            RolePrompts.Reviewer, RoleHandoffs.ForReviewer(spec, trace.Plan!, diff), RoleWorkspace.ReadOnly(new WorkspaceJail(workspace.Root), SubmitTool.Review()),
            (claim, _) =>
            {
                review = CodeReview.Parse(claim);
                return Task.FromResult(review is null
                    ? new Verdict(false, "submit_review needs approved (true or false) and comments [{path, line, text}].")
                    : new Verdict(true, review.Approved ? "The change is approved." : $"{review.Comments.Count} comment(s) go to the coder."));
            },
            cancellationToken).ConfigureAwait(false);
        trace.Spent(result);
        return result.Accepted ? review : null;
    }

    private Verdict JudgePlan(string claim, WorkspaceJail jail)
    {
        if (ImplementationPlan.Parse(claim) is not { } plan)
        {
            return new Verdict(false, "submit_plan needs summary, criteria [{id, tests[]}], changes [{path, what}] and questions [].");
        }

        var problems = new List<string>();
        foreach (var criterion in spec.Criteria)
        {
            var planned = plan.Criteria.FirstOrDefault(c => string.Equals(c.Id, criterion.Id, StringComparison.OrdinalIgnoreCase));
            if (planned is null || planned.Tests.Count == 0)
            {
                problems.Add($"criterion {criterion.Id} has no test");
            }
        }

        problems.AddRange(plan.Tests.Where(test => test.Split('.').Length < 3).Select(test => $"'{test}' is not a fully qualified test name (Namespace.Class.Method)"));
        problems.AddRange(plan.Changes
            .Select(change => (change.Path, Refusal: jail.ResolveForWrite(change.Path).Refusal))
            .Where(change => change.Refusal is not null)
            .Select(change => $"{change.Path} cannot be changed: {change.Refusal}"));
        if (problems.Count > 0)
        {
            return new Verdict(false, "The plan is not complete: " + string.Join("; ", problems) + ".");
        }

        trace.Plan = plan;
        return new Verdict(true, $"The plan covers all {spec.Criteria.Count} criteria with {plan.Tests.Count} tests.");
    }

    private async Task<string?> PolicyRefusalAsync(CancellationToken cancellationToken) =>
        PolicyGate.Refusal(await _policy.CheckAsync(cancellationToken).ConfigureAwait(false));
}
