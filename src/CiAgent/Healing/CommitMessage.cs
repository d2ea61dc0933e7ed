using System.Text;
using CiAgent.Kernel;

namespace CiAgent.Healing;

/// <summary>Writes the fix commit's message: what was broken, what was changed, and which tool did it.</summary>
public static class CommitMessage
{
    /// <summary>Builds the message for a run whose baseline and fixes are known.</summary>
    public static string Build(BuildTestVerdict baseline, BuildTestVerdict final, IReadOnlyList<FixReport> fixes, IReadOnlyCollection<string> changedFiles, string workspaceRoot)
    {
        // The subject names what was fixed, not the errors that went away with it; a model's fix has no code, so it stands for what the baseline showed.
        var fixedCodes = fixes.Select(f => f.Code).Where(c => c.Length > 0);
        var codes = (fixes.Any(f => f.Code.Length == 0) || !fixedCodes.Any() ? fixedCodes.Concat(baseline.Build.Errors.Select(e => e.Code)) : fixedCodes)
            .Distinct().Take(3).ToList();
        var files = fixes.Select(f => f.File).OfType<string>().Concat(changedFiles).Select(Path.GetFileName).Distinct().ToList();
        var what = codes.Count > 0 ? $"fix {string.Join(", ", codes)}" : baseline.FailedTests > 0 ? $"fix {baseline.FailedTests} failing test{(baseline.FailedTests == 1 ? "" : "s")}" : "fix the build";
        var where = files.Count switch
        {
            0 => "",
            1 => $" in {files[0]}",
            _ => $" in {files[0]} and {files.Count - 1} more file{(files.Count == 2 ? "" : "s")}",
        };

        var text = new StringBuilder().Append("ciagent: ").Append(what).AppendLine(where).AppendLine();
        if (baseline.Errors > 0 || baseline.FailedTests > 0)
        {
            text.AppendLine("What was broken:");
            foreach (var error in baseline.Build.Errors.Take(15))
            {
                var file = error.File is null ? "" : WorkspaceRelative.Of(error.File, workspaceRoot) + (error.Line > 0 ? $":{error.Line}" : "") + " ";
                text.AppendLine($"- {file}{error.Code}: {error.Message}");
            }

            // A project that references a failing one is not compiled at all, so what it had wrong shows only in the fixes made to it.
            var shown = baseline.Build.Errors.Select(e => (File: e.File is null ? null : WorkspaceRelative.Of(e.File, workspaceRoot), e.Code)).ToHashSet();
            foreach (var fix in fixes.Where(f => f.Code.Length > 0 && f.File is not null && !shown.Contains((f.File, f.Code))))
            {
                text.AppendLine($"- {fix.File}{(fix.Line > 0 ? $":{fix.Line}" : "")} {fix.Code}: not compiled until the projects it references were fixed");
            }

            foreach (var failure in baseline.Tests?.Failures.Take(15) ?? [])
            {
                text.AppendLine($"- test {failure.FullName} failed");
            }

            text.AppendLine();
        }

        if (fixes.Count > 0)
        {
            text.AppendLine("What was changed:");
            foreach (var fix in fixes)
            {
                text.AppendLine($"- {fix.File}:{fix.Line} ({fix.Tier}): {fix.Description}");
            }

            text.AppendLine();
        }

        text.AppendLine(final.Tests is { } tests ? $"Verified by ciagent: the build is green and {tests.Passed} of {tests.Total} tests pass." : "Verified by ciagent: the build is green (tests not run).");
        text.AppendLine();
        text.AppendLine($"Generated-by: ciagent {ToolInfo.Version}");
        text.AppendLine($"Healed-by-tier: {string.Join(", ", fixes.Select(f => f.Tier).Distinct().DefaultIfEmpty("none"))}");
        return text.ToString();
    }
}
