using CiAgent.Kernel;
using CiAgent.Verification;
using CiAgent.Workspace;

namespace CiAgent.Strategies.Agent;

/// <summary>The harness's checks as a model's tools and judge see them: run_build, run_tests and the verdict on finish, each feeding the best-state tracker.</summary>
/// <param name="workspace">The run's workspace.</param>
/// <param name="verifier">The real build and test runs.</param>
/// <param name="tracker">Remembers the latest and the best verified states.</param>
/// <param name="failing">The tests that were failing, run first and by themselves before the whole suite.</param>
/// <param name="flaky">Tests known to be flaky, reported but not counted.</param>
public sealed class WorkspaceChecks(RunWorkspace workspace, Verifier verifier, BestStateTracker tracker, IReadOnlyList<string> failing, IReadOnlyCollection<string> flaky)
{
    /// <summary>run_build: the edited project alone when every edit is in one, else the whole target.</summary>
    public async Task<string> BuildAsync(CancellationToken cancellationToken)
    {
        // Cheap first: when every edit is in one project, build just that one; the judge builds everything.
        if (verifier.ProjectsOwning(workspace.EditedFiles) is [var project])
        {
            var scoped = await verifier.BuildProjectAsync(project, cancellationToken).ConfigureAwait(false);
            return $"Built {workspace.Relative(project)}, the project you edited (run_tests and finish build the whole solution).\n" + FailureText.Build(scoped, workspace.Root);
        }

        var build = await verifier.BuildAsync(cancellationToken).ConfigureAwait(false);
        tracker.Offer(new BuildTestVerdict(build, null));
        return FailureText.Build(build, workspace.Root);
    }

    /// <summary>run_tests: builds, then runs the filtered tests, or the failing ones when no filter is given.</summary>
    public async Task<string> TestsAsync(string? filter, CancellationToken cancellationToken)
    {
        var build = await verifier.BuildAsync(cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            tracker.Offer(new BuildTestVerdict(build, null));
            return "The tests cannot run because the build fails.\n" + FailureText.Build(build, workspace.Root);
        }

        var names = filter?.Split([',', '|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. failing];
        var tests = await verifier.TestAsync(names.Length == 0 ? null : names, cancellationToken).ConfigureAwait(false);
        tracker.Offer(new BuildTestVerdict(build, tests));
        return FailureText.Tests(tests, workspace.Root, flaky);
    }

    /// <summary>The verdict on finish: refusals first (policy, locks), then the build, the failing tests, and the whole suite.</summary>
    /// <param name="refusal">Checks the change before anything runs; returns why it is refused, or null.</param>
    /// <param name="runTests">Whether the tests must pass too.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public async Task<Verdict> JudgeAsync(Func<CancellationToken, Task<string?>>? refusal, bool runTests, CancellationToken cancellationToken)
    {
        // A green result reached by weakening the tests is no result: the policy is checked before anything is run.
        if (refusal is not null && await refusal(cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return new Verdict(false, refused);
        }

        var build = await verifier.BuildAsync(cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded || !runTests)
        {
            tracker.Offer(new BuildTestVerdict(build, null), final: build.Succeeded);
            return new Verdict(build.Succeeded, FailureText.Build(build, workspace.Root));
        }

        // Cheap first: the tests that were failing; only when they pass, the whole suite, to catch anything the change broke.
        if (failing.Count > 0)
        {
            var targeted = await verifier.TestAsync(failing, cancellationToken).ConfigureAwait(false);
            if (!targeted.Succeeded)
            {
                tracker.Offer(new BuildTestVerdict(build, targeted));
                return new Verdict(false, FailureText.Tests(targeted, workspace.Root, flaky));
            }
        }

        var full = await verifier.TestAsync(null, cancellationToken).ConfigureAwait(false);
        var real = full with { Failures = [.. full.Failures.Where(f => !flaky.Contains(f.FullName))] };
        real = real with { Failed = real.Failures.Length };
        var verified = new BuildTestVerdict(build, real);
        tracker.Offer(verified, final: verified.Green);
        return new Verdict(verified.Green, FailureText.Tests(real, workspace.Root, flaky));
    }
}
