namespace CiAgent.Workspace;

/// <summary>A file that <see cref="WorkspaceSnapshot.RestoreAsync"/> could not put back, and why.</summary>
/// <param name="Path">Root-relative path with '/' separators.</param>
/// <param name="Reason">What went wrong, in words fit for the run's report.</param>
public sealed record RestoreFailure(string Path, string Reason);

/// <summary>What a restore did to the tree; when <see cref="Failed"/> is not empty the caller must report those paths.</summary>
/// <param name="Rewritten">Files written back to their captured content (changed or deleted during the run).</param>
/// <param name="Deleted">Files that did not exist at capture and were removed.</param>
/// <param name="RemovedDirectories">Directories that did not exist at capture and were left empty by the removals.</param>
/// <param name="Failed">Files that still differ from the snapshot.</param>
public sealed record RestoreReport(
    IReadOnlyList<string> Rewritten,
    IReadOnlyList<string> Deleted,
    IReadOnlyList<string> RemovedDirectories,
    IReadOnlyList<RestoreFailure> Failed)
{
    /// <summary>True when the tree is back exactly as captured.</summary>
    public bool Succeeded => Failed.Count == 0;
}
