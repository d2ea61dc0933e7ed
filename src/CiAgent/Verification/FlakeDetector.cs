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
        var attempts = 0;
        while (attempts < reruns && suspects.Count > 0)
        {
            // All the reruns at once when they can run side by side; otherwise one, and the next reruns only what still fails.
            var batch = await verifier.RerunAsync([.. suspects.Keys], reruns - attempts, cancellationToken).ConfigureAwait(false);
            attempts += batch.Count;

            // A rerun that crashed, hung or ran nothing says nothing of the tests, and no further rerun is tried.
            var told = batch.Where(rerun => rerun.FailureKind == TestRunFailureKind.None && rerun.Total > 0).ToList();
            foreach (var rerun in told)
            {
                var stillFailing = rerun.Failures.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
                foreach (var name in suspects.Keys.Where(n => !stillFailing.Contains(n)).ToList())
                {
                    flaky.Add(suspects[name]);
                    suspects.Remove(name);
                }
            }

            if (told.Count < batch.Count)
            {
                break;
            }
        }

        var real = failing.Failures.Where(f => suspects.ContainsKey(f.FullName)).ToImmutableArray();
        return (failing with { Failures = real, Failed = real.Length, Passed = failing.Passed + flaky.Count }, flaky);
    }
}
