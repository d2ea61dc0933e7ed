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
/// <param name="compilations">Compilations kept by the offline tier, against which run_build checks edits in memory first; null to always build.</param>
/// <param name="timings">Where the in-memory checks are counted, as verification.</param>
/// <param name="confirmNewFailures">
/// True when the caller sets flakes apart itself after the loop (a heal): tests that passed before, fail in the whole suite on finish
/// and pass on one rerun then end the loop as verified, and the state with them goes back for the caller's own flake check.
/// </param>
public sealed class WorkspaceChecks(
    RunWorkspace workspace, Verifier verifier, BestStateTracker tracker, IReadOnlyList<string> failing, IReadOnlyCollection<string> flaky,
    CompilationCache? compilations = null, RunTimings? timings = null, bool confirmNewFailures = false)
{
    private readonly HashSet<string> _saidClean = new(StringComparer.Ordinal);

    /// <summary>run_build: the edited projects checked in memory when the kept compilations can answer, else a build of the edited projects.</summary>
    public async Task<string> BuildAsync(CancellationToken cancellationToken)
    {
        // Cheapest first: an edit memory can judge needs no dotnet process; the verdict on finish is always a real build.
        if (compilations is not null && await InMemoryAsync(cancellationToken).ConfigureAwait(false) is { } memory)
        {
            var checkedProjects = string.Join(", ", memory.Projects.Select(workspace.Relative));
            _saidClean.Clear();
            if (memory.Build.Succeeded)
            {
                _saidClean.UnionWith(memory.Projects);
            }

            return memory.Build.Succeeded
                ? $"Checked {checkedProjects} in memory with the compiler's own arguments and the build's analyzers (no build ran): no errors. "
                    + "run_tests builds the projects that depend on it; finish builds the whole solution."
                : "Checked in memory with the compiler's own arguments (no build ran): " + FailureText.Build(memory.Build, workspace.Root);
        }

        // Only the edited projects: a quick answer, as a developer's own build would be; finish and run_tests build their dependants too.
        var build = await verifier.BuildAffectedAsync(workspace.EditedFiles, cancellationToken, withDependants: false).ConfigureAwait(false);
        if (build.Whole)
        {
            tracker.Offer(new BuildTestVerdict(build.Build, null));
            return FailureText.Build(build.Build, workspace.Root);
        }

        var built = string.Join(", ", build.Projects.Select(workspace.Relative));
        return $"Built {built}: the projects you edited (run_tests also builds the projects that depend on them; finish builds the whole solution).\n" + FailureText.Build(build.Build, workspace.Root);
    }

    /// <summary>run_tests: builds what the edits affect, then runs the filtered tests, or the failing ones when no filter is given.</summary>
    public async Task<string> TestsAsync(string? filter, CancellationToken cancellationToken)
    {
        var affected = await verifier.BuildAffectedAsync(workspace.EditedFiles, cancellationToken).ConfigureAwait(false);
        var build = affected.Build;
        if (!build.Succeeded)
        {
            DistrustMemoryWhereWrong(build);
            if (affected.Whole)
            {
                tracker.Offer(new BuildTestVerdict(build, null));
            }

            return "The tests cannot run because the build fails.\n" + FailureText.Build(build, workspace.Root);
        }

        var names = filter?.Split([',', '|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. failing];

        // Everything, when that costs about what the failing tests alone do: the model sees at once what its edit broke elsewhere,
        // and finish need not run the suite again.
        var everything = names.Length == 0 || (filter is null && verifier.WholeSuiteCostsAboutAs(names));
        var tests = await verifier.TestAsync(everything ? null : names, cancellationToken).ConfigureAwait(false);
        if (affected.Whole)
        {
            tracker.Offer(new BuildTestVerdict(build, tests));
        }

        return FailureText.Tests(tests, workspace.Root, flaky);
    }

    // Memory said these compile and a real build disagrees (a build step or analyzer it could not see): stop trusting it there.
    private void DistrustMemoryWhereWrong(BuildResult build)
    {
        foreach (var project in build.Errors.Select(e => e.Project).OfType<string>().Where(_saidClean.Contains))
        {
            compilations?.Distrust(project);
        }
    }

    private async Task<MemoryAnswer?> InMemoryAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return await InMemoryCheck.CheckAsync(compilations!, workspace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            timings?.Add("verification", clock.Elapsed);
        }
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

        var build = await verifier.BuildUnlessUnchangedAsync(cancellationToken).ConfigureAwait(false);
        DistrustMemoryWhereWrong(build);
        if (!build.Succeeded || !runTests)
        {
            tracker.Offer(new BuildTestVerdict(build, null), final: build.Succeeded);
            return new Verdict(build.Succeeded, FailureText.Build(build, workspace.Root));
        }

        // Cheap first: the tests that were failing, then the test projects depending on what was edited; only when they pass,
        // the whole suite, once, to catch anything the change broke. Failing tests run_tests has just seen pass, with no file
        // changed since, need no second run: the whole suite runs them again anyway. A whole suite run_tests has just run stands.
        if (verifier.SuiteSinceLastEdit is null)
        {
            if (await TestsBeforeTheSuiteAsync(build, cancellationToken).ConfigureAwait(false) is { } early)
            {
                return early;
            }
        }

        var full = await verifier.TestSuiteUnlessUnchangedAsync(cancellationToken).ConfigureAwait(false);
        var real = full with { Failures = [.. full.Failures.Where(f => !flaky.Contains(f.FullName))] };
        real = real with { Failed = real.Failures.Length };
        var verified = new BuildTestVerdict(build, real);
        if (confirmNewFailures && !verified.Green && await PassOnARerunAsync(real, cancellationToken).ConfigureAwait(false))
        {
            // The run's own flake check (which reruns them again, and reports them) has the last word on this state.
            tracker.Offer(verified, final: true);
            return new Verdict(true, $"{FailureText.Tests(real, workspace.Root, flaky)}These tests passed before your edits and pass on a rerun: flaky, set apart by the harness.");
        }

        tracker.Offer(verified, final: verified.Green);
        return new Verdict(verified.Green, FailureText.Tests(real, workspace.Root, flaky));
    }

    // The failing tests, then the test projects depending on the edits: a failure there is the verdict, before the whole suite runs.
    private async Task<Verdict?> TestsBeforeTheSuiteAsync(BuildResult build, CancellationToken cancellationToken)
    {
        if (failing.Count > 0 && !verifier.PassedSinceLastEdit(failing))
        {
            var targeted = await verifier.TestAsync(failing, cancellationToken).ConfigureAwait(false);
            if (!targeted.Succeeded)
            {
                tracker.Offer(new BuildTestVerdict(build, targeted));
                return new Verdict(false, FailureText.Tests(targeted, workspace.Root, flaky));
            }
        }

        foreach (var project in verifier.TestProjectsAffectedBy(workspace.EditedFiles))
        {
            var near = await verifier.TestProjectAsync(project, cancellationToken).ConfigureAwait(false);
            var nearReal = near.Failures.Where(f => !flaky.Contains(f.FullName)).ToList();
            if (near.FailureKind is not (TestRunFailureKind.None or TestRunFailureKind.NoTestsFound) || nearReal.Count > 0)
            {
                var shown = near with { Failures = [.. nearReal], Failed = nearReal.Count };
                tracker.Offer(new BuildTestVerdict(build, shown));
                return new Verdict(false, FailureText.Tests(shown, workspace.Root, flaky));
            }
        }

        return null;
    }

    // Tests that passed before the edits, failed in the whole suite and pass when run again: a flake, which the model must not be sent to fix.
    private async Task<bool> PassOnARerunAsync(TestRunResult run, CancellationToken cancellationToken)
    {
        if (run.Failures.IsDefaultOrEmpty || run.Failures.Any(f => failing.Contains(f.FullName)))
        {
            return false;
        }

        var (_, passedAgain) = await new FlakeDetector(verifier, reruns: 1).ConfirmAsync(run, cancellationToken).ConfigureAwait(false);
        return passedAgain.Count == run.Failures.Length;
    }
}
