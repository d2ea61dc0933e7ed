namespace CiAgent.Settings;

/// <summary>Where a run's outputs go.</summary>
public sealed record OutputSection
{
    /// <summary>The output folder for the report, summary, patches and trajectory.</summary>
    public required string Directory { get; init; }

    /// <summary>The full path of the JSON report.</summary>
    public required string ReportPath { get; init; }

    /// <summary>True when the output folder is the default one inside the workspace (then it is excluded from git and from the snapshot).</summary>
    public bool InsideWorkspace { get; init; }

    /// <summary>True when a report may be written without touching the workspace: the report lies outside it.</summary>
    public bool ReportOutside(string workspace) => !PathIsInside(ReportPath, workspace);

    /// <summary>True when <paramref name="path"/> lies strictly inside <paramref name="directory"/>.</summary>
    public static bool PathIsInside(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
