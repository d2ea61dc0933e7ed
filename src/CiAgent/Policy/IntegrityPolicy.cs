using CiAgent.Kernel;

namespace CiAgent.Policy;

/// <summary>Checks a proposed fix against the rules that keep it honest: no removed, skipped or weakened tests, no silenced warnings, no protected files, no narrowed test run, no code that detects its tests.</summary>
public static class IntegrityPolicy
{
    /// <summary>Every rule, in the order their violations are reported.</summary>
    public static IReadOnlyList<IIntegrityRule> Rules { get; } =
    [
        new ProtectedPathRule(),
        new RemovedTestRule(),
        new SkippedTestRule(),
        new WeakenedAssertionRule(),
        new SuppressedWarningRule(),
        new ExcludedTestRule(),
        new NarrowedTestRunRule(),
        new TestDetectionRule(),
    ];

    /// <summary>What to do instead, one sentence for each rule <paramref name="violations"/> name, in rule order.</summary>
    public static string Instead(IEnumerable<PolicyViolation> violations)
    {
        var named = violations.Select(violation => violation.Rule).ToHashSet(StringComparer.Ordinal);
        return string.Join(' ', Rules.Where(rule => named.Contains(rule.Id)).Select(rule => rule.Instead));
    }

    /// <summary>The violations <paramref name="changes"/> introduce, sorted by file and line; empty means the fix may be kept.</summary>
    public static IReadOnlyList<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(options);
        var modified = changes.Where(change => change.IsModified).ToList();
        return Rules
            .SelectMany(rule => rule.Check(modified, options))
            .Distinct()
            .OrderBy(violation => violation.Path, StringComparer.Ordinal)
            .ThenBy(violation => violation.Line)
            .ToList();
    }
}
