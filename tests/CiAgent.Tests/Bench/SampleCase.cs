using CiAgent.Bench;

namespace CiAgent.Tests.Bench;

/// <summary>A bench case for tests of the bench's figures, which read only its outcome and its true fix.</summary>
internal static class SampleCase
{
    /// <summary>A case of the Ledger fixture that expects the outcome and breaks the workspace with the edits.</summary>
    public static BenchCase Expecting(string outcome, params TextEdit[] mutation) => new()
    {
        Id = "a-case",
        Fixture = "Ledger",
        Category = "syntax",
        Description = "a case",
        Expected = outcome,
        Mutation = mutation,
    };
}
