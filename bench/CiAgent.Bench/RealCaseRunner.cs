namespace CiAgent.Bench;

/// <summary>Runs a real-corpus case through the fixture cases' <see cref="CaseRunner"/>: the same heal, oracle and plain builds, on a checkout of the bundle's branch.</summary>
/// <param name="outputRoot">Where each case's report, log and first request are kept, one folder per case.</param>
/// <param name="measurePlain">False skips the plain builds and the naive baseline.</param>
public sealed class RealCaseRunner(string outputRoot, bool measurePlain = true)
{
    /// <summary>The case as the runner and the oracle take it: the mutation is the breakage's diff and the true fix its reverse, as exact text edits.</summary>
    public static async Task<BenchCase> AsBenchCaseAsync(RealCase realCase)
    {
        var bundle = await CorpusBundle.OpenAsync(realCase.Repository);
        var fix = await bundle.ReverseDiffAsync(realCase.Branch);
        return new BenchCase
        {
            Id = realCase.Id,
            Fixture = realCase.Repository,
            Category = realCase.Category,
            Description = realCase.Description,
            Expected = realCase.Expected,
            Mutation = [.. fix.Reverse().Select(edit => edit.Reversed())],
        };
    }

    /// <summary>Runs and measures the case, then checks the delivered fix against the reverse diff.</summary>
    public async Task<RealCaseResult> RunAsync(RealCorpus corpus, RealCase realCase)
    {
        var bundle = await CorpusBundle.OpenAsync(realCase.Repository);
        var origin = corpus.RepositoryOf(realCase).Url;
        var benchCase = await AsBenchCaseAsync(realCase);
        var runner = new CaseRunner(outputRoot, measurePlain, (_, folder) => bundle.CheckoutAsync(realCase.Branch, folder, origin));
        var result = await runner.RunAsync(benchCase);
        var patch = Path.Combine(result.OutputDirectory, "fix.patch");
        bool? exact = result.Outcome is Outcomes.HealedOffline or Outcomes.HealedModel
            ? File.Exists(patch) && await bundle.UndoesAsync(realCase.Branch, patch)
            : null;
        return new RealCaseResult(realCase, result, exact);
    }
}
