using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Verification;

/// <summary>The harness's own judge: runs the real build and tests and says what is still broken.</summary>
/// <param name="workspace">The run's workspace.</param>
/// <param name="stepTimeout">The most one build or test run may take.</param>
/// <param name="buildLog">Receives each run's raw output with a title, for CI log groups.</param>
/// <param name="timings">Where build time (verification) and test time (tests) are counted, when the run keeps them.</param>
/// <param name="baselineLog">Where the first build records its compiler calls, which spare the offline tier an MSBuild pass per project.</param>
public sealed partial class Verifier(RunWorkspace workspace, TimeSpan stepTimeout, Action<string, string>? buildLog = null, RunTimings? timings = null, CompilerCallLog? baselineLog = null)
{
    private readonly BuildRunner _build = new(workspace.Root, stepTimeout);
    private bool _built;

    // What the restore-affecting files the run edited looked like at the last good restore; null until one succeeded.
    private string? _restoredWith;

    // The whole target's last known build, with the run's edited files as they were when it started: a whole build, or one
    // merged with a later build of every project the edits reach (Rebuilt).
    private (BuildResult Build, string Edits, bool Rebuilt)? _lastWhole;

    // Whether a file is linked into a project from outside its folder, read once per state of the edited MSBuild files.
    private (string RestoreStamp, bool Present)? _linkedFiles;

    /// <summary>The first build's compiler calls, or null when the run records none.</summary>
    public CompilerCallLog? BaselineLog => baselineLog;

    /// <summary>Builds the whole target, restoring packages on the first build and again whenever the run has edited a project, props or NuGet file since.</summary>
    public async Task<BuildResult> BuildAsync(CancellationToken cancellationToken)
    {
        var inputs = RestoreInputs.Stamp(workspace);
        var edits = EditsFingerprint();
        var result = await _build.WithOneNode(OneNodeBuilds.Suffice(workspace.Target))
            .BuildAsync(workspace.Target, restore: _restoredWith != inputs, _built ? null : baselineLog, cancellationToken).ConfigureAwait(false);
        _built = true;
        if (!result.Errors.Any(e => e.Code.StartsWith("NU", StringComparison.Ordinal)))
        {
            _restoredWith = inputs;
        }

        timings?.Add("verification", result.Duration);
        buildLog?.Invoke($"dotnet build {workspace.Relative(workspace.Target)} ({result.Errors.Count} errors, {result.Duration.TotalSeconds:0.#} s)", result.Output);
        _lastWhole = (result, edits, false);
        return result;
    }

    /// <summary>The whole target's build: the last one when the run has changed no file since it ran, else a new one.</summary>
    /// <remarks>
    /// A model that checks with run_build and then claims to be done would otherwise pay the same whole build twice in a row. A green
    /// build of every project the edits reach, since a whole build, counts as one: the other projects' inputs are what that build saw.
    /// </remarks>
    public async Task<BuildResult> BuildUnlessUnchangedAsync(CancellationToken cancellationToken)
    {
        if (_lastWhole is { } last && last.Edits == EditsFingerprint())
        {
            var why = last.Rebuilt ? "every project the edits reach was built since the last whole build" : "no file changed since the last one";
            buildLog?.Invoke($"dotnet build {workspace.Relative(workspace.Target)} not run again: {why} ({last.Build.Errors.Count} errors)", "");
            return last.Build;
        }

        return await BuildAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds only what the edited files can affect: the projects owning them and every project depending on those, once restore is known good.</summary>
    /// <param name="editedFiles">The edited files, relative to the workspace.</param>
    /// <param name="withDependants">False to build only the projects owning the edits (with what they reference), a quick answer that leaves breaks in dependants to a later build.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The build with the projects it covered; the whole target is built when restore is due, a file lies outside every project, the project graph cannot be read literally, or the edit reaches every project anyway.</returns>
    public async Task<AffectedBuild> BuildAffectedAsync(IReadOnlyCollection<string> editedFiles, CancellationToken cancellationToken, bool withDependants = true)
    {
        var (found, why) = Scope(editedFiles, withDependants);
        if (found is not { } scope)
        {
            return new AffectedBuild(await BuildAsync(cancellationToken).ConfigureAwait(false), [], why);
        }

        var tops = scope.Graph.Tops(scope.Projects);
        if (tops.Count == 0)
        {
            // Projects that reference each other in a ring have no top; MSBuild refuses the cycle, and the whole build says so.
            return new AffectedBuild(await BuildAsync(cancellationToken).ConfigureAwait(false), [], "the edited projects reference each other in a cycle");
        }

        using var traversal = tops.Count > 1 ? TraversalProject.Write(tops) : null;
        var edits = EditsFingerprint();
        var result = await _build.WithOneNode(OneNodeBuilds.Suffice(workspace.Target)).BuildAsync(traversal?.Path ?? tops[0], restore: false, null, cancellationToken).ConfigureAwait(false);
        timings?.Add("verification", result.Duration);
        var names = string.Join(", ", tops.Select(workspace.Relative));
        buildLog?.Invoke($"dotnet build {names} ({result.Errors.Count} errors, {result.Duration.TotalSeconds:0.#} s)", result.Output);
        var affected = new AffectedBuild(result, [.. scope.Projects.Order(StringComparer.Ordinal)], why);
        if (withDependants && result.Succeeded && _lastWhole is { } whole && whole.Build.Errors.All(e => e.Project is not null)
            && !LinkedFilesPresent(scope.Graph))
        {
            // Projects outside the scope neither own an edit nor depend on one, and no file is linked across folders: the last whole
            // build's word on them stands, so this build and it together are the whole target's.
            _lastWhole = (affected.Over(whole.Build), edits, true);
        }

        return affected;
    }

    /// <summary>The test projects that depend on a project owning one of the edited files, when they are fewer than all the target's test projects; else empty.</summary>
    public IReadOnlyList<string> TestProjectsAffectedBy(IReadOnlyCollection<string> editedFiles)
    {
        var graph = ProjectGraph.Read(workspace.Target);
        var owners = editedFiles.Select(f => graph.Owner(Path.Combine(workspace.Root, f))).ToList();
        if (!graph.Complete || owners.Count == 0 || owners.Any(o => o is null))
        {
            return [];
        }

        var affected = ProjectGraph.TestProjects(graph.WithDependants(owners!));
        return affected.Count < ProjectGraph.TestProjects(graph.Projects).Count ? affected : [];
    }

    /// <summary>Builds, then runs the tests when the build is green and tests are wanted.</summary>
    public async Task<BuildTestVerdict> VerifyAsync(bool runTests, CancellationToken cancellationToken)
    {
        var build = await BuildAsync(cancellationToken).ConfigureAwait(false);
        var tests = build.Succeeded && runTests ? await TestAsync(null, cancellationToken).ConfigureAwait(false) : null;
        return new BuildTestVerdict(build, tests);
    }

    // The projects an edit can affect, or null (with the reason) when only the whole target is safe to build.
    private ((ProjectGraph Graph, IReadOnlySet<string> Projects)? Scope, string Why) Scope(IReadOnlyCollection<string> editedFiles, bool withDependants)
    {
        if (_restoredWith is null || _restoredWith != RestoreInputs.Stamp(workspace))
        {
            return (null, "restore is due");
        }

        var graph = ProjectGraph.Read(workspace.Target);
        if (!graph.Complete)
        {
            return (null, "the project references cannot all be read from the project files");
        }

        var owners = editedFiles.Select(f => graph.Owner(Path.Combine(workspace.Root, f))).ToList();
        if (owners.Count == 0 || owners.Any(o => o is null))
        {
            return (null, owners.Count == 0 ? "nothing was edited" : "an edited file belongs to no project of the target");
        }

        IReadOnlySet<string> projects = withDependants ? graph.WithDependants(owners!) : owners.OfType<string>().ToHashSet(StringComparer.Ordinal);
        return projects.Count >= graph.Projects.Count
            ? (null, "the edit reaches every project")
            : ((graph, projects), withDependants ? "only the edited projects and their dependants" : "only the edited projects");
    }

    // Only an edit to a project, props or targets file can change the answer, and any such edit is a new restore stamp.
    private bool LinkedFilesPresent(ProjectGraph graph)
    {
        var stamp = RestoreInputs.Stamp(workspace);
        if (_linkedFiles is not { } known || known.RestoreStamp != stamp)
        {
            _linkedFiles = known = (stamp, LinkedFiles.Present(graph.Projects, workspace.Root));
        }

        return known.Present;
    }

    // The content of every file the run has written (all writes go through the workspace), so any later edit or undo shows.
    private string EditsFingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in workspace.EditedFiles.Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(workspace.Root, file);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\0"));
            hash.AppendData(File.Exists(path) ? File.ReadAllBytes(path) : [0xFF]);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
