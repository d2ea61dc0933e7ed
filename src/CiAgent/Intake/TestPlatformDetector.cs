using System.Text.Json;
using System.Text.RegularExpressions;

namespace CiAgent.Intake;

/// <summary>Tells which test platform <c>dotnet test</c> uses for a target, and which Microsoft.Testing.Platform extensions its projects reference.</summary>
internal static class TestPlatformDetector
{
    /// <summary>Tells which runner <c>dotnet test</c> uses for the target, from the nearest <c>global.json</c> above it.</summary>
    internal static TestRunnerKind DetectRunner(string target)
    {
        var full = Path.GetFullPath(target);
        for (var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var globalJson = Path.Combine(folder, "global.json");
            if (File.Exists(globalJson))
            {
                // The SDK reads only the nearest global.json, so the search stops here whatever it says.
                return ReadRunner(globalJson);
            }
        }

        return TestRunnerKind.VSTest;
    }

    private static TestRunnerKind ReadRunner(string globalJson)
    {
        try
        {
            using var document = JsonDocument.Parse(
                File.ReadAllText(globalJson),
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("test", out var test)
                && test.ValueKind == JsonValueKind.Object
                && test.TryGetProperty("runner", out var runner)
                && runner.ValueKind == JsonValueKind.String
                && string.Equals(runner.GetString(), "Microsoft.Testing.Platform", StringComparison.OrdinalIgnoreCase))
            {
                return TestRunnerKind.MicrosoftTestingPlatform;
            }
        }
        catch (JsonException)
        {
            // The SDK itself would refuse a broken global.json; the run will say so in its output.
        }

        return TestRunnerKind.VSTest;
    }

    /// <summary>Finds which Microsoft.Testing.Platform extensions the projects in and above the target's folder reference.</summary>
    internal static TestingPlatformExtensions DetectExtensions(string target)
    {
        var full = Path.GetFullPath(target);
        var files = new List<string>();
        if (File.Exists(full))
        {
            files.Add(full);
        }

        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        if (Path.GetExtension(full) is ".sln" or ".slnx" or ".slnf" || Directory.Exists(full))
        {
            files.AddRange(ProjectFilesBelow(folder));
        }

        // Central package management and shared props files above the target can add references too.
        for (var above = folder; above is not null; above = Path.GetDirectoryName(above))
        {
            files.AddRange(Directory.EnumerateFiles(above, "Directory.*.props"));
            if (File.Exists(Path.Combine(above, "global.json")))
            {
                break;
            }
        }

        var found = TestingPlatformExtensions.None;
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (Mentions(text, "xunit.v3"))
            {
                found |= TestingPlatformExtensions.XunitV3;
            }

            // The MSTest meta-package and MSTest.Sdk bring the TRX report extension with them.
            if (Mentions(text, "Microsoft.Testing.Extensions.TrxReport") || Mentions(text, "MSTest") || text.Contains("MSTest.Sdk", StringComparison.OrdinalIgnoreCase))
            {
                found |= TestingPlatformExtensions.TrxReport;
            }

            if (Mentions(text, "Microsoft.Testing.Extensions.HangDump"))
            {
                found |= TestingPlatformExtensions.HangDump;
            }

            if (Mentions(text, "Microsoft.Testing.Extensions.CrashDump"))
            {
                found |= TestingPlatformExtensions.CrashDump;
            }
        }

        return found;
    }

    private static bool Mentions(string projectText, string package) =>
        Regex.IsMatch(projectText, $"Include=\"{Regex.Escape(package)}(\\.[^\"]*)?\"", RegexOptions.IgnoreCase);

    private static IEnumerable<string> ProjectFilesBelow(string folder)
    {
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current, "*.*proj"))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(child);
                if (name is not ("bin" or "obj" or "node_modules") && !name.StartsWith('.'))
                {
                    pending.Push(child);
                }
            }
        }
    }
}
