using CiAgent.Healing;
using CiAgent.Intake;

namespace CiAgent.Verification;

/// <summary>The harness's own judge: runs the real build and tests and says what is still broken.</summary>
public sealed class Verifier(HealWorkspace workspace, TimeSpan stepTimeout)
{
    private readonly BuildRunner _build = new(workspace.Root, stepTimeout);
    private bool _restored;

    /// <summary>Builds the target (restoring packages on the first build only).</summary>
    public async Task<BuildResult> BuildAsync(CancellationToken cancellationToken)
    {
        var result = await _build.BuildAsync(workspace.Target, restore: !_restored, cancellationToken).ConfigureAwait(false);
        _restored |= !result.Errors.Any(e => e.Code.StartsWith("NU", StringComparison.Ordinal));
        return result;
    }

    /// <summary>Runs the target's tests against the last build.</summary>
    public Task<TestRunResult> TestAsync(IReadOnlyList<string>? filter, CancellationToken cancellationToken) =>
        DotnetTestRunner.RunAsync(
            workspace.Target,
            new TestRunRequest
            {
                NoBuild = true,
                NoRestore = true,
                Filter = [.. filter ?? []],
                HangTimeout = TimeSpan.FromMinutes(5),
                Timeout = stepTimeout,
                WorkspaceRoot = workspace.Root,
            },
            cancellationToken);

    /// <summary>Builds, then runs the tests when the build is green and tests are wanted.</summary>
    public async Task<WorkspaceState> VerifyAsync(bool runTests, CancellationToken cancellationToken)
    {
        var build = await BuildAsync(cancellationToken).ConfigureAwait(false);
        var tests = build.Succeeded && runTests ? await TestAsync(null, cancellationToken).ConfigureAwait(false) : null;
        return new WorkspaceState(build, tests);
    }
}
