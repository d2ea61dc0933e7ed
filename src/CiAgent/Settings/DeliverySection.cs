using CiAgent.Kernel;

namespace CiAgent.Settings;

/// <summary>What happens to a verified result.</summary>
public sealed record DeliverySection
{
    /// <summary>Leave it in the tree, commit it, push it, or open a pull request.</summary>
    public CommitMode Commit { get; init; } = CommitMode.None;
}
