namespace CiAgent.Bench;

/// <summary>Where a corpus repository came from, under which licence, and what its baseline changed to build here.</summary>
public sealed record CorpusRepository
{
    /// <summary>The name of the repository and of its bundle, &lt;name&gt;.bundle in the real-code corpus folder.</summary>
    public required string Name { get; init; }

    /// <summary>The public repository the baseline's tree was taken from.</summary>
    public required string Url { get; init; }

    /// <summary>The commit whose tree the baseline re-commits.</summary>
    public required string Commit { get; init; }

    /// <summary>The repository's licence, as an SPDX id.</summary>
    public required string License { get; init; }

    /// <summary>Each change the baseline made to that tree, in one sentence.</summary>
    public required IReadOnlyList<string> Changes { get; init; }
}
