using CiAgent.Kernel;

namespace CiAgent.Policy;

/// <summary>One integrity check over a fix's file changes; it reports only problems the fix introduced, never ones already there.</summary>
public interface IIntegrityRule
{
    /// <summary>The stable id used in reports and configuration, such as removed-test.</summary>
    string Id { get; }

    /// <summary>What to do instead of what the rule refuses, in one sentence addressed to the model.</summary>
    string Instead { get; }

    /// <summary>The violations the changes introduce.</summary>
    IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options);
}
