namespace CiAgent.Outputs.Report;

/// <summary>The reviewer's last verdict and how many review rounds ran.</summary>
/// <param name="Approved">True when the reviewer approved the change.</param>
/// <param name="Rounds">Review rounds that ran.</param>
/// <param name="Comments">The last review's comments.</param>
public sealed record ReviewReport(bool Approved, int Rounds, IReadOnlyList<ReviewCommentReport> Comments);
