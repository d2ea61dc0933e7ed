using CiAgent.Kernel;

namespace CiAgent.Healing;

/// <summary>The one paragraph a run that did not heal hands over: what is still broken, and what would go further.</summary>
public static class Diagnosis
{
    /// <summary>Describes the state a run ended in, after why it stopped when that is known.</summary>
    public static string Describe(BuildTestVerdict? state, string? stopReason, bool modelConfigured)
    {
        var prefix = stopReason is null ? "" : stopReason + " ";
        if (state is null)
        {
            return prefix + "The baseline build did not finish.";
        }

        if (state.Errors > 0)
        {
            var first = state.Build.Errors[0];
            var where = first.File is null ? "" : $" in {Path.GetFileName(first.File)}{(first.Line > 0 ? $":{first.Line}" : "")}";
            var tail = modelConfigured ? "" : " No offline fix applies to what remains; configure a model provider (--provider) to go further.";
            var remain = state.Errors == 1 ? "1 build error remains" : $"{state.Errors} build errors remain";
            return $"{prefix}{remain}{ByProject(state.Build)}, first {first.Code}{where}: {Sentence(first.Message)}{tail}";
        }

        if (state.Tests is { } tests && !state.Green)
        {
            var first = tests.Failures.FirstOrDefault();
            var tail = modelConfigured ? "" : " Failing tests need a model provider (--provider).";
            return first is null
                ? $"{prefix}The test run failed ({tests.FailureKind}{(tests.RunningTest is null ? "" : $" in {tests.RunningTest}")}).{tail}"
                : $"{prefix}{(state.FailedTests == 1 ? "1 test fails" : $"{state.FailedTests} tests fail")}, first {first.FullName}: {Sentence(TextShape.OneLine(first.Message ?? ""))}{tail}";
        }

        return prefix + "The workspace is not green.";
    }

    // Errors in several projects are counted per project, so a reader sees that one library and one app are broken, not where 1 of 3 is.
    private static string ByProject(BuildResult build)
    {
        var projects = build.Errors.Where(e => e.Project is not null).GroupBy(e => Path.GetFileNameWithoutExtension(e.Project!)).ToList();
        return projects.Count < 2 ? "" : $" ({string.Join(", ", projects.Select(p => $"{p.Key} {p.Count()}"))})";
    }

    // Compiler and assertion messages sometimes end with their own full stop; one is enough.
    private static string Sentence(string message) => message.TrimEnd().TrimEnd('.') + ".";
}
