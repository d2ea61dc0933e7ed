using System.Collections.Immutable;
using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Verification;

/// <summary>
/// Where the failing tests were built, so that rerunning just them (flake checks, finish's first check) runs <c>dotnet test</c> on
/// their assemblies and skips MSBuild's evaluation of the test projects, about 0.4 s of a 1.2 s rerun.
/// </summary>
/// <remarks>
/// Only for VSTest, and only where no project, props, targets or response file of the workspace mentions run settings or VSTest
/// properties and no <c>.runsettings</c> file exists: those reach the tests only through MSBuild, so such workspaces keep the
/// project route. The whole suite always runs through the target.
/// </remarks>
internal sealed class BuiltTestAssemblies(RunWorkspace workspace)
{
    private static readonly string[] MsBuildFiles = [".csproj", ".fsproj", ".vbproj", ".props", ".targets", ".rsp"];

    private readonly Dictionary<string, string> _assemblyOf = new(StringComparer.Ordinal);
    private readonly Lazy<bool> _usable = new(() => IsUsable(workspace));

    /// <summary>Notes the assembly of every failing test a run names.</summary>
    public void Remember(TestRunResult run)
    {
        foreach (var failure in run.Failures.Where(f => f.Assembly is not null))
        {
            _assemblyOf[failure.FullName] = failure.Assembly!;
        }
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
