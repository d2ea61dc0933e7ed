using System.Text;
using CiAgent.Kernel;

namespace CiAgent.Strategies.Agent;

/// <summary>Renders build and test results for the model: parsed, relative, capped; never raw logs.</summary>
public static class FailureText
{
    private const int MaxDiagnostics = 30;
    private const int MaxTests = 15;

    /// <summary>The build's errors (and a count of warnings) in MSBuild's one-line form.</summary>
    public static string Build(BuildResult build, string root)
    {
        if (build.Succeeded)
        {
            return $"Build succeeded ({build.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning)} warnings).";
        }

        var errors = build.Errors;
        var text = new StringBuilder($"Build failed with {errors.Count} error{(errors.Count == 1 ? "" : "s")}:\n");
        foreach (var error in errors.Take(MaxDiagnostics))
        {
            text.Append(Relative(error, root)).Append('\n');
        }

        if (errors.Count > MaxDiagnostics)
        {
            text.Append($"… and {errors.Count - MaxDiagnostics} more.\n");
        }

        return text.ToString();
    }

    /// <summary>The failing tests with message and workspace locations; flaky tests are named apart.</summary>
    public static string Tests(TestRunResult tests, string root, IReadOnlyCollection<string>? flaky = null)
    {
        if (tests.FailureKind is TestRunFailureKind.HostCrashed or TestRunFailureKind.HangTimeout)
        {
            return $"The test run failed: {tests.FailureKind} while running {tests.RunningTest ?? "an unknown test"}.";
        }

        if (tests.FailureKind == TestRunFailureKind.BuildFailed)
        {
            return "The tests could not be built; run run_build to see the errors.";
        }

        var failures = tests.Failures.Where(f => flaky is null || !flaky.Contains(f.FullName)).ToList();
        if (failures.Count == 0)
        {
            return $"All {tests.Passed} tests passed ({tests.Skipped} skipped).";
        }

        var text = new StringBuilder($"{failures.Count} test{(failures.Count == 1 ? "" : "s")} failed ({tests.Passed} passed):\n");
        foreach (var failure in failures.Take(MaxTests))
        {
            text.Append("- ").Append(failure.FullName).Append('\n');
            if (!string.IsNullOrWhiteSpace(failure.Message))
            {
                text.Append("  ").Append(TextShape.Cap(failure.Message.Trim().ReplaceLineEndings("\n  "), 800)).Append('\n');
            }

            foreach (var location in failure.Locations.Take(4))
            {
                text.Append("  at ").Append(WorkspaceRelative.Of(location.File, root)).Append(':').Append(location.Line).Append('\n');
            }
        }

        if (failures.Count > MaxTests)
        {
            text.Append($"… and {failures.Count - MaxTests} more.\n");
        }

        return text.ToString();
    }

    /// <summary>A diagnostic with its path relative to the workspace.</summary>
    public static string Relative(BuildDiagnostic diagnostic, string root) =>
        (diagnostic with { File = diagnostic.File is null ? null : WorkspaceRelative.Of(diagnostic.File, root) }).ToString();

}
