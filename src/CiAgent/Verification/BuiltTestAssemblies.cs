using System.Collections.Immutable;
using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Verification;

/// <summary>
/// Where the tests were built, so that rerunning them runs <c>dotnet test</c> on their assemblies and skips MSBuild's evaluation of
/// the test projects: about 0.4 s of a 1.2 s rerun of failing tests, and 1.1–1.5 s of GuardClauses' whole suite (3.1 s through its
/// solution), 4–5 s of Ardalis.Result's five test projects (9–10 s).
/// </summary>
/// <remarks>
/// Only for VSTest, and only where no project, props, targets or response file of the workspace mentions run settings or VSTest
/// properties and no <c>.runsettings</c> file exists: those reach the tests only through MSBuild, so such workspaces keep the
/// project route. The whole suite runs on its assemblies only as the last run through the target found them, while no project
/// or solution file has changed since.
/// </remarks>
internal sealed class BuiltTestAssemblies(RunWorkspace workspace)
{
    private static readonly string[] MsBuildFiles = [".csproj", ".fsproj", ".vbproj", ".props", ".targets", ".rsp"];

    private readonly Dictionary<string, string> _assemblyOf = new(StringComparer.Ordinal);
    private readonly Lazy<bool> _usable = new(() => IsUsable(workspace));

    // The assemblies of the last whole run through the target, with the restore stamp they were found under.
    private (ImmutableArray<string> Assemblies, string RestoreStamp)? _suite;

    /// <summary>Notes the assembly of every failing test a run names.</summary>
    public void Remember(TestRunResult run)
    {
        foreach (var failure in run.Failures.Where(f => f.Assembly is not null))
        {
            _assemblyOf[failure.FullName] = failure.Assembly!;
        }
    }

    /// <summary>Notes the assemblies a whole run through the target ran, when it finished and every result named its assembly.</summary>
    public void RememberSuite(TestRunResult run, string restoreStamp) =>
        _suite = run.FailureKind == TestRunFailureKind.None && !run.Assemblies.IsDefaultOrEmpty ? (run.Assemblies, restoreStamp) : null;

    /// <summary>
    /// The built assemblies that make up the whole suite, or empty when the target must run it: no whole run found them under this
    /// restore stamp, one is gone, they target different frameworks, or an edit lies where a test could have been added unseen.
    /// </summary>
    public ImmutableArray<string> Suite(string restoreStamp)
    {
        if (_suite is not { } suite || suite.RestoreStamp != restoreStamp || !_usable.Value || !suite.Assemblies.All(File.Exists)
            || suite.Assemblies.Select(a => Path.GetFileName(Path.GetDirectoryName(a))).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            return [];
        }

        return EditsAreWithinSuite(suite.Assemblies) ? suite.Assemblies : [];
    }

    // A test project with no tests ran no assembly of the suite: a test added to it would be missed. Every edited file must belong to
    // a project that built one of the suite's assemblies, or to one that others reference (a library, never a test project).
    private bool EditsAreWithinSuite(ImmutableArray<string> assemblies)
    {
        if (workspace.EditedFiles.Count == 0)
        {
            return true;
        }

        var graph = ProjectGraph.Read(workspace.Target);
        if (!graph.Complete)
        {
            return false;
        }

        var testProjects = assemblies.Select(graph.Owner).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return workspace.EditedFiles
            .Select(file => graph.Owner(Path.Combine(workspace.Root, file)))
            .All(owner => owner is not null && (testProjects.Contains(owner) || graph.DependantsOf(owner).Any()));
    }

    /// <summary>The built assemblies that hold exactly these tests, or empty when any is unknown or gone, or the workspace needs the project route.</summary>
    public ImmutableArray<string> For(IReadOnlyList<string> tests)
    {
        if (tests.Count == 0 || !_usable.Value)
        {
            return [];
        }

        var assemblies = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var test in tests)
        {
            if (!_assemblyOf.TryGetValue(test, out var assembly) || !File.Exists(assembly))
            {
                return [];
            }

            assemblies.Add(assembly);
        }

        return [.. assemblies];
    }

    private static bool IsUsable(RunWorkspace workspace)
    {
        if (DotnetTestRunner.DetectRunner(workspace.Target) != TestRunnerKind.VSTest)
        {
            return false;
        }

        foreach (var relative in workspace.Snapshot.Paths.Concat(workspace.EditedFiles).Distinct(StringComparer.Ordinal))
        {
            if (relative.EndsWith(".runsettings", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (!MsBuildFiles.Any(extension => relative.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var path = Path.Combine(workspace.Root, relative);
            var text = File.Exists(path) ? File.ReadAllText(path) : "";
            if (text.Contains("RunSettings", StringComparison.OrdinalIgnoreCase) || text.Contains("VSTest", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
