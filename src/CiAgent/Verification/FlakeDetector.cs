using System.Collections.Immutable;
using CiAgent.Kernel;

namespace CiAgent.Verification;

/// <summary>Reruns failing tests before anything is edited: a test that passes on a rerun is flaky and is reported, never "fixed".</summary>
public sealed class FlakeDetector(Verifier verifier, int reruns)
{
    /// <summary>Splits a failing run into real failures (returned as the confirmed run) and flaky tests.</summary>
    public async Task<(TestRunResult Confirmed, IReadOnlyList<TestFailure> Flaky)> ConfirmAsync(TestRunResult failing, CancellationToken cancellationToken)
    {
        // A crashed or hung host, or a build failure, is not a test that can pass by chance; only plain failures are rerun.
        if (failing.FailureKind != TestRunFailureKind.None || failing.Failures.IsDefaultOrEmpty || reruns <= 0)
        {
            return (failing, []);
        }

        var suspects = failing.Failures.ToDictionary(f => f.FullName, StringComparer.Ordinal);
        var flaky = new List<TestFailure>();
        for (var attempt = 0; attempt < reruns && suspects.Count > 0; attempt++)
        {
            var rerun = await verifier.TestAsync([.. suspects.Keys], cancellationToken).ConfigureAwait(false);
            if (rerun.FailureKind != TestRunFailureKind.None || rerun.Total == 0)
            {
                break;
            }

            var stillFailing = rerun.Failures.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
            foreach (var name in suspects.Keys.Where(n => !stillFailing.Contains(n)).ToList())
            {
                flaky.Add(suspects[name]);
                suspects.Remove(name);
            }
        }

        var real = failing.Failures.Where(f => suspects.ContainsKey(f.FullName)).ToImmutableArray();
        return (failing with { Failures = real, Failed = real.Length, Passed = failing.Passed + flaky.Count }, flaky);
    }
}
