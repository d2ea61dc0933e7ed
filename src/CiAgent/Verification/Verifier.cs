using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Verification;

/// <summary>The harness's own judge: runs the real build and tests and says what is still broken.</summary>
/// <param name="workspace">The run's workspace.</param>
/// <param name="stepTimeout">The most one build or test run may take.</param>
/// <param name="buildLog">Receives each run's raw output with a title, for CI log groups.</param>
/// <param name="timings">Where build time (verification) and test time (tests) are counted, when the run keeps them.</param>
/// <param name="baselineLog">Where the first build writes its binary log, whose compiler calls spare the offline tier an MSBuild pass per project.</param>
public sealed class Verifier(RunWorkspace workspace, TimeSpan stepTimeout, Action<string, string>? buildLog = null, RunTimings? timings = null, BinaryLogFile? baselineLog = null)
{
    private readonly BuildRunner _build = new(workspace.Root, stepTimeout);
    private bool _restored;
    private string _restoredInputs = string.Empty;
    private bool _built;

    /// <summary>The first build's binary log, or null when the run keeps none.</summary>
    public BinaryLogFile? BaselineLog => baselineLog;

    /// <summary>Builds the target, restoring packages on the first build and again after the run changed a project file.</summary>
    public async Task<BuildResult> BuildAsync(CancellationToken cancellationToken)
    {
        var inputs = RestoreInputs.Stamp(workspace);
        var result = await _build.BuildAsync(workspace.Target, restore: !_restored || inputs != _restoredInputs, _built ? null : baselineLog?.Path, cancellationToken).ConfigureAwait(false);
        _built = true;
        if (!result.Errors.Any(e => e.Code.StartsWith("NU", StringComparison.Ordinal)))
        {
            (_restored, _restoredInputs) = (true, inputs);
        }

        timings?.Add("verification", result.Duration);
        buildLog?.Invoke($"dotnet build {workspace.Relative(workspace.Target)} ({result.Errors.Count} errors, {result.Duration.TotalSeconds:0.#} s)", result.Output);
        return result;
    }

    /// <summary>Builds one project (with what it references, not what references it): the cheap check after an edit.</summary>
    public async Task<BuildResult> BuildProjectAsync(string project, CancellationToken cancellationToken)
    {
        var result = await _build.BuildAsync(project, restore: false, cancellationToken).ConfigureAwait(false);
        timings?.Add("verification", result.Duration);
        return result;
    }

    /// <summary>The projects that own the given files (nearest project file above each), within the workspace.</summary>
    public IReadOnlyList<string> ProjectsOwning(IEnumerable<string> relativeFiles)
    {
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in relativeFiles)
        {
            for (var directory = Path.GetDirectoryName(Path.Combine(workspace.Root, file)); directory is not null && directory.StartsWith(workspace.Root, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory))
            {
                if (Directory.EnumerateFiles(directory, "*.csproj").FirstOrDefault() is { } project)
                {
                    projects.Add(project);
                    break;
                }
            }
        }

        return [.. projects];
    }

    /// <summary>Runs the target's tests against the last build.</summary>
    public async Task<TestRunResult> TestAsync(IReadOnlyList<string>? filter, CancellationToken cancellationToken)
    {
        var result = await DotnetTestRunner.RunAsync(
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
            cancellationToken).ConfigureAwait(false);
        timings?.Add("tests", result.Duration);
        var scope = filter is { Count: > 0 } ? $"{filter.Count} selected tests" : "all tests";
        buildLog?.Invoke($"dotnet test {workspace.Relative(workspace.Target)}, {scope} ({result.Failed} failed, {result.Duration.TotalSeconds:0.#} s)", result.Output);
        return result;
    }

    /// <summary>Builds, then runs the tests when the build is green and tests are wanted.</summary>
    public async Task<BuildTestVerdict> VerifyAsync(bool runTests, CancellationToken cancellationToken)
    {
        var build = await BuildAsync(cancellationToken).ConfigureAwait(false);
        var tests = build.Succeeded && runTests ? await TestAsync(null, cancellationToken).ConfigureAwait(false) : null;
        return new BuildTestVerdict(build, tests);
    }
}
