using CiAgent.Intake;

namespace CiAgent.Tests.Intake;

/// <summary>Console output captured from real <c>dotnet build</c> runs, stored under Intake/MsBuildOutput.</summary>
internal static class CapturedBuildOutput
{
    /// <summary>Reads the lines of one captured file.</summary>
    public static string[] Lines(string fileName) =>
        File.ReadAllLines(Path.Combine(TestPaths.TestsProject, "Intake", "MsBuildOutput", fileName));

    /// <summary>Feeds one captured file through a fresh collector.</summary>
    public static BuildDiagnosticCollector Collect(string fileName, int capacity = BuildDiagnosticCollector.DefaultCapacity)
    {
        var collector = new BuildDiagnosticCollector(capacity);
        foreach (var line in Lines(fileName))
        {
            collector.Add(line);
        }

        return collector;
    }
}
