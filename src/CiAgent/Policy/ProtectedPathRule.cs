using CiAgent.Kernel;
using CiAgent.Security;

namespace CiAgent.Policy;

/// <summary>protected-path: the fix adds, changes or deletes a file the options protect.</summary>
public sealed class ProtectedPathRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "protected-path";

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public string Instead => "Leave protected files as they are and fix the problem in ordinary source files.";

    /// <inheritdoc />
    public IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        var patterns = options.ProtectedPaths.Select(pattern => new PathPattern(pattern)).ToList();
        foreach (var change in changes)
        {
            if (ProtectedPaths.FirstMatch(patterns, change.Path) is { } match)
            {
                var verb = change.Before is null ? "added" : change.After is null ? "deleted" : "changed";
                yield return new PolicyViolation(RuleId, change.Path, 0, $"protected file {verb} (matches '{match}')");
            }
        }
    }
}
