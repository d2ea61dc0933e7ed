using CiAgent.Kernel;

namespace CiAgent.Policy;

/// <summary>weakened-assertion: in a test that still exists, an assertion's expected value or tolerance changed, it was flipped, replaced, removed or wrapped in something that catches its failure.</summary>
public sealed class WeakenedAssertionRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "weakened-assertion";

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public string Instead => "Keep each assertion as it was, with its expected value and tolerance and nothing catching its failure; change the code under test until it holds.";

    /// <inheritdoc />
    public IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        foreach (var (change, before, after) in TestSource.ModifiedTestFiles(changes))
        {
            foreach (var test in before.Tests.Values)
            {
                // Removed or unmarked tests are the other rules' business; only a test that still runs can have weaker assertions.
                if (!after.Tests.TryGetValue(test.Key, out var current))
                {
                    continue;
                }

                var old = Assertion.In(test.Syntax);
                var now = Assertion.In(current.Syntax);
                foreach (var message in Compare(old, now, test.Name).Concat(NewlyCaught(old, now, test.Name)))
                {
                    yield return new PolicyViolation(RuleId, change.Path, message.Line, message.Text);
                }
            }
        }
    }

    private static IEnumerable<(int Line, string Text)> Compare(List<Assertion> before, List<Assertion> after, string test)
    {
        var unmatchedAfter = after.ToList();
        var unmatchedBefore = new List<Assertion>();

        // First pair assertions that are unchanged or changed only in their subject (a rename the fix had to follow).
        foreach (var old in before)
        {
            var same = unmatchedAfter.FirstOrDefault(current => current.Kind == old.Kind && current.Subject == old.Subject && current.Expected == old.Expected)
                ?? unmatchedAfter.FirstOrDefault(current => old.Expected.Length > 0 && current.Kind == old.Kind && current.Expected == old.Expected && !current.IsTrivial)
                ?? unmatchedAfter.FirstOrDefault(current => current.Kind == old.Kind && current.Shape == old.Shape && !current.IsTrivial);
            if (same is not null)
            {
                unmatchedAfter.Remove(same);
            }
            else
            {
                unmatchedBefore.Add(old);
            }
        }

        foreach (var old in unmatchedBefore)
        {
            // Same check on the same value, different expectation: the classic "make the test agree with the bug".
            var changed = unmatchedAfter.FirstOrDefault(current => current.Kind == old.Kind && current.Subject == old.Subject)
                ?? unmatchedAfter.FirstOrDefault(current => current.Subject == old.Subject && !current.IsTrivial);
            if (changed is not null)
            {
                unmatchedAfter.Remove(changed);
                yield return changed.Kind == old.Kind
                    ? (changed.Line, $"{old.Kind} expected value changed from {Show(old.Expected)} to {Show(changed.Expected)} in {test}")
                    : (changed.Line, $"{old.Kind} changed to {changed.Kind} on {old.Subject} in {test}");
                continue;
            }

            var trivial = unmatchedAfter.FirstOrDefault(current => current.IsTrivial);
            var rewritten = unmatchedAfter.FirstOrDefault(current => current.Kind == old.Kind && !current.IsTrivial);
            if (trivial is null && rewritten is not null)
            {
                // Assert.True(total == 134.97m) becoming Assert.True(total == 120m): the condition is the expectation.
                unmatchedAfter.Remove(rewritten);
                yield return (rewritten.Line, $"{old.Text} changed to {rewritten.Text} in {test}");
                continue;
            }

            if (trivial is not null)
            {
                unmatchedAfter.Remove(trivial);
                yield return (trivial.Line, $"{old.Text} replaced by {trivial.Text}, which cannot fail, in {test}");
                continue;
            }

            yield return (old.Line, $"{old.Text} removed from {test}");
        }

        foreach (var added in unmatchedAfter.Where(current => current.IsTrivial))
        {
            yield return (added.Line, $"{added.Text} added to {test}, which cannot fail");
        }
    }

    // An assertion wrapped in try/catch or Record.Exception still reads the same, so Compare pairs it as unchanged; its failure is what went.
    private static IEnumerable<(int Line, string Text)> NewlyCaught(List<Assertion> before, List<Assertion> after, string test)
    {
        var caught = before.Where(assertion => assertion.CaughtBy is not null).Select(Identity).ToList();
        return after.Where(assertion => assertion.CaughtBy is not null && !caught.Remove(Identity(assertion)))
            .Select(assertion => (assertion.Line, $"{assertion.Text} in {test} is now inside {assertion.CaughtBy}, which swallows its failure"));
    }

    private static string Identity(Assertion assertion) => $"{assertion.Kind}({assertion.Subject}|{assertion.Expected})";

    private static string Show(string expected) => expected.Length == 0 ? "nothing" : expected;
}
