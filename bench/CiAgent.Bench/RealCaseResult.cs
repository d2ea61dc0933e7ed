namespace CiAgent.Bench;

/// <summary>What one real-corpus case measured: the benchmark's case result, and whether the delivered fix was exactly the breakage undone.</summary>
/// <param name="Case">The real case.</param>
/// <param name="Result">The run, measured as a fixture case is.</param>
/// <param name="ExactReverseDiff">For a healed case, whether fix.patch applied to the breakage gives the baseline's tree exactly; null otherwise.</param>
public sealed record RealCaseResult(RealCase Case, CaseResult Result, bool? ExactReverseDiff);
