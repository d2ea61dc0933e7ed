namespace CiAgent.Bench;

/// <summary>A breakage of a public repository: one commit on its baseline, in the repository's bundle in the real-code corpus folder.</summary>
public sealed record RealCase
{
    /// <summary>A short unique id, such as "stateless-rename-across"; the commit is on the bundle's branch case/&lt;id&gt;.</summary>
    public required string Id { get; init; }

    /// <summary>The repository's name in the manifest, which is also its bundle's name.</summary>
    public required string Repository { get; init; }

    /// <summary>The class of breakage, such as "missing-using-cs0122" or "two-projects".</summary>
    public required string Category { get; init; }

    /// <summary>The expected outcome, as in the fixture corpus: healed-offline or healed-model.</summary>
    public required string Expected { get; init; }

    /// <summary>What the breakage does, in one sentence.</summary>
    public required string Description { get; init; }

    /// <summary>The bundle's branch that holds the breakage.</summary>
    public string Branch => $"case/{Id}";
}
