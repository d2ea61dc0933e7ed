using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CiAgent.Intake;

/// <summary>Reads what a test run printed and left behind to tell a crash or a hang from a plain failure, and to name the test that was running.</summary>
internal static partial class TestRunForensics
{
    /// <summary>Names the test blame's sequence file shows as started but never completed, or null when there is none.</summary>
    internal static string? UnfinishedTestInSequence(string resultsDirectory)
    {
        // Blame writes the sequence of started tests; the one never marked completed is the one that was running.
        foreach (var file in Directory.EnumerateFiles(resultsDirectory, "Sequence_*.xml", SearchOption.AllDirectories))
        {
            var unfinished = XDocument.Load(file).Root?.Elements("Test")
                .LastOrDefault(test => string.Equals((string?)test.Attribute("Completed"), "False", StringComparison.OrdinalIgnoreCase));
            if ((string?)unfinished?.Attribute("Name") is { Length: > 0 } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Names the test the console report says was running at the crash or hang, or null when it says none.</summary>
    internal static string? RunningTestInOutput(string output)
    {
        var match = RunningTestLine().Match(output);
        return match.Success ? match.Groups["name"].Value.Trim() : null;
    }

    /// <summary>Names the test method in a crash's stack trace, or null when no frame calls through reflection.</summary>
    internal static string? TestMethodInCrashStack(string crashText)
    {
        // Test frameworks call test methods through reflection, so the frame just above the first
        // reflection frame is the test method itself.
        string? previous = null;
        foreach (Match frame in StackFrameMethod().Matches(crashText))
        {
            var method = frame.Groups["method"].Value;
            if (method.StartsWith("System.Reflection.", StringComparison.Ordinal) || method.StartsWith("System.RuntimeMethodHandle.", StringComparison.Ordinal))
            {
                return previous;
            }

            previous = method;
        }

        return null;
    }

    /// <summary>Names the one requested test that never finished, or null when none or several are left.</summary>
    internal static string? OnlyUnfinished(ImmutableArray<string> requested, HashSet<string> finished)
    {
        if (requested.IsDefaultOrEmpty)
        {
            return null;
        }

        var left = requested.Distinct(StringComparer.Ordinal).Where(name => !finished.Contains(name)).ToList();
        return left.Count == 1 ? left[0] : null;
    }

    [GeneratedRegex(@"Test host process crashed|host process exited unexpectedly")]
    internal static partial Regex CrashReported();

    [GeneratedRegex(@"inactivity time of .* has elapsed|hang dump|test session timed out", RegexOptions.IgnoreCase)]
    internal static partial Regex HangReported();

    // Microsoft.Testing.Platform prints the test app's exit code; 128+N is death by signal N, negative is a Windows crash.
    [GeneratedRegex(@"^\s*Exit code: (1(?:29|3\d|4\d)|-\d+)\s*$", RegexOptions.Multiline)]
    internal static partial Regex TestingPlatformCrashExit();

    [GeneratedRegex(@"The test running when the (?:crash|hang) occurred:\s*\r?\n\s*(?<name>\S[^\r\n]*)")]
    internal static partial Regex RunningTestLine();

    [GeneratedRegex(@"^\s*at (?<method>[^\s(]+)\(", RegexOptions.Multiline)]
    internal static partial Regex StackFrameMethod();

    [GeneratedRegex(@"^\s*(?:passed|failed|skipped) (?<name>\S+)", RegexOptions.Multiline)]
    internal static partial Regex FinishedTestLine();

    // VSTest's console logger at normal verbosity: "  Passed App.Tests.Adds [3 ms]", as each test finishes.
    [GeneratedRegex(@"^\s+(?:Passed|Failed|Skipped) (?<name>[^\s\[(]+)", RegexOptions.Multiline)]
    internal static partial Regex VsTestFinishedLine();

    [GeneratedRegex(@"^[ \t]+Passed [^\r\n]*\r?\n", RegexOptions.Multiline)]
    internal static partial Regex VsTestPassedLine();

    [GeneratedRegex(@"\berror [A-Z]{2,}\d{3,}\b|^Build FAILED\.", RegexOptions.Multiline)]
    internal static partial Regex BuildErrorReported();
}
