namespace CiAgent.Settings;

/// <summary>What the model's tools may write.</summary>
public sealed record JailSection
{
    /// <summary>Whether the model may edit test files (the integrity rules still apply to what it does).</summary>
    public bool AllowTestEdits { get; init; }
}
