using System.Collections.Immutable;
using System.Diagnostics;
using CiAgent.Intake;
using CiAgent.Kernel;

namespace CiAgent.Verification;

/// <summary>The judge's test runs: on the target, on the built assemblies of chosen tests or of the whole suite, and side by side.</summary>
public sealed partial class Verifier
{
    private readonly BuiltTestAssemblies _testAssemblies = new(workspace);
    private (string Tests, string Edits)? _lastPassed;
    private (TestRunResult Run, string Edits)? _lastSuite;

    // The shortest wall time of a rerun of chosen tests on their assemblies: what starting a test run costs, whatever it runs.
    private TimeSpan? _rerunCost;

    /// <summary>Whether exactly these tests, or the whole suite, passed in a run since which the run has changed no file.</summary>
    public bool PassedSinceLastEdit(IReadOnlyList<string> tests) =>
        (_lastPassed is { } last && last.Tests == TestsKey(tests) && last.Edits == EditsFingerprint()) || SuiteSinceLastEdit is { Succeeded: true };

    /// <summary>The last run of the whole suite when the run has changed no file since it ran; else null.</summary>
    public TestRunResult? SuiteSinceLastEdit => _lastSuite is { } last && last.Edits == EditsFingerprint() ? last.Run : null;

    /// <summary>
    /// True when the whole suite runs on the same assemblies as these tests alone and its tests took no longer, the last time it ran,
    /// than starting a rerun of chosen tests does: running everything then costs about what running these costs, and spares the
    /// whole suite's own run on finish.
    /// </summary>
    public bool WholeSuiteCostsAboutAs(IReadOnlyList<string> tests)
    {
        if (_rerunCost is not { } start || _lastSuite is not { } last || tests.Count == 0)
        {
            return false;
        }

        var suite = _testAssemblies.Suite(RestoreInputs.Stamp(workspace));
        return !suite.IsEmpty && _testAssemblies.For(tests).SequenceEqual(suite) && last.Run.TestTime <= start;
    }

    /// <summary>Runs the target's tests against the last build.</summary>
    public Task<TestRunResult> TestAsync(IReadOnlyList<string>? filter, CancellationToken cancellationToken) =>
        TestAsync(workspace.Target, filter, cancellationToken);

    /// <summary>
    /// Reruns these tests up to the given number of times: that many runs side by side when the tests run on their built assemblies,
    /// else one run through the target (the caller asks again for what is left).
    /// </summary>
    /// <remarks>
    /// A rerun of a few tests costs mostly its host's start, which two processors overlap: two reruns of seven GuardClauses tests took
    /// 1.7–1.9 s side by side against 2.6–2.7 s one after the other. A test that cannot run beside itself fails in both and counts as
    /// failing, as it would have without the reruns.
    /// </remarks>
    public async Task<IReadOnlyList<TestRunResult>> RerunAsync(IReadOnlyList<string> tests, int upTo, CancellationToken cancellationToken)
    {
        var assemblies = _testAssemblies.For(tests);
        if (upTo <= 1 || assemblies.IsEmpty)
        {
            return [await TestAsync(tests, cancellationToken).ConfigureAwait(false)];
        }

        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(Enumerable.Range(0, upTo).Select(_ => RunAsync(workspace.Target, tests, assemblies, cancellationToken))).ConfigureAwait(false);
        timings?.Add("tests", clock.Elapsed);
        var stamp = RestoreInputs.Stamp(workspace);
        foreach (var run in runs)
        {
            Record(workspace.Target, tests, assemblies, stamp, run);
        }

        return runs;
    }

    /// <summary>The whole suite's last run when the run has changed no file since it ran, else a new run of it.</summary>
    public async Task<TestRunResult> TestSuiteUnlessUnchangedAsync(CancellationToken cancellationToken)
    {
        if (SuiteSinceLastEdit is { } last)
        {
            buildLog?.Invoke($"dotnet test {workspace.Relative(workspace.Target)}, all tests not run again: no file changed since the last run ({last.Failed} failed)", "");
            return last;
        }

        return await TestAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one test project's tests against the last build.</summary>
    public Task<TestRunResult> TestProjectAsync(string project, CancellationToken cancellationToken) =>
        TestAsync(project, null, cancellationToken);

    private static string TestsKey(IEnumerable<string> tests) => string.Join('\n', tests.Order(StringComparer.Ordinal));

    private async Task<TestRunResult> TestAsync(string target, IReadOnlyList<string>? filter, CancellationToken cancellationToken)
    {
        // Tests that failed before are rerun on the assemblies they were found in, and the whole suite on those the target's last
        // whole run found, which spares MSBuild's evaluation of the test projects.
        var stamp = RestoreInputs.Stamp(workspace);
        var assemblies = target != workspace.Target ? [] : filter is { Count: > 0 } ? _testAssemblies.For(filter) : _testAssemblies.Suite(stamp);
        var result = await RunAsync(target, filter, assemblies, cancellationToken).ConfigureAwait(false);
        timings?.Add("tests", result.Duration);
        Record(target, filter, assemblies, stamp, result);
        return result;
    }

    private Task<TestRunResult> RunAsync(string target, IReadOnlyList<string>? filter, ImmutableArray<string> assemblies, CancellationToken cancellationToken) =>
        DotnetTestRunner.RunAsync(
            target,
            new TestRunRequest
            {
                NoBuild = true,
                NoRestore = true,
                Assemblies = assemblies,
                OneMsBuildNode = assemblies.IsEmpty && OneNodeBuilds.Suffice(workspace.Target),
                Filter = [.. filter ?? []],
                HangTimeout = TimeSpan.FromMinutes(5),
                Timeout = stepTimeout,
                WorkspaceRoot = workspace.Root,
            },
            cancellationToken);

    // What a finished run teaches: where its failing tests live, what passed since the last edit, and what the whole suite is.
    private void Record(string target, IReadOnlyList<string>? filter, ImmutableArray<string> assemblies, string restoreStamp, TestRunResult result)
    {
        var chosen = filter is { Count: > 0 };
        // Read the edited files once, and only when a run has something to remember against them.
        string? edits = null;
        string Edits() => edits ??= EditsFingerprint();
        _testAssemblies.Remember(result);
        if (chosen && result.FailureKind == TestRunFailureKind.None && result.Failed == 0 && result.Passed > 0)
        {
            _lastPassed = (TestsKey(filter!), Edits());
        }

        if (chosen && !assemblies.IsEmpty && result.FailureKind == TestRunFailureKind.None && (_rerunCost is not { } known || result.Duration < known))
        {
            _rerunCost = result.Duration;
        }

        if (!chosen && target == workspace.Target)
        {
            if (assemblies.IsEmpty)
            {
                _testAssemblies.RememberSuite(result, restoreStamp);
            }

            _lastSuite = (result, Edits());
        }

        var scope = chosen ? $"{filter!.Count} selected tests" : "all tests";
        var ran = assemblies.IsEmpty ? workspace.Relative(target) : string.Join(", ", assemblies.Select(workspace.Relative));
        buildLog?.Invoke($"dotnet test {ran}, {scope} ({result.Failed} failed, {result.Duration.TotalSeconds:0.#} s)", result.Output);
    }
}
