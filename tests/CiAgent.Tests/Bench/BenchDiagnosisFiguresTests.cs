using CiAgent.Bench;

namespace CiAgent.Tests.Bench;

/// <summary>The benchmark sets a diagnosis against what a plain run pays to see the same breakage, with the plain build timed on both sides of the heal.</summary>
public sealed class BenchDiagnosisFiguresTests
{
    private static readonly BenchCase Case = SampleCase.Expecting(Outcomes.HealedOffline);

    [Fact]
    public void The_plain_build_is_the_mean_of_the_runs_before_and_after_the_heal()
    {
        var result = new CaseResult { Case = Case, Outcome = Outcomes.HealedOffline, PlainBuildRuns = [10, 12] };

        Assert.Equal(11, result.PlainBuildSeconds);
        Assert.Equal("11.0 (10.0 / 12.0)", Figures.PlainBuilds(result));
        Assert.Null(new CaseResult { Case = Case, Outcome = Outcomes.HealedOffline }.PlainBuildSeconds);
    }

    [Fact]
    public void A_build_error_is_diagnosed_against_the_plain_build_alone()
    {
        var result = new CaseResult { Case = Case, Outcome = Outcomes.HealedOffline, PlainBuildRuns = [10, 10], TimeToFirstDiagnosis = 11 };

        Assert.Equal(1.1, result.DiagnosisRatio!.Value, 6);
        Assert.Equal(result.DiagnosisRatio, result.DiagnosisOverBuildRatio);
    }

    [Fact]
    public void A_failing_test_is_diagnosed_against_the_plain_build_and_test_run_with_the_build_alone_shown_too()
    {
        var result = new CaseResult { Case = Case, Outcome = Outcomes.HealedModel, PlainBuildRuns = [10, 10], PlainBrokenTestSeconds = 2, TimeToFirstDiagnosis = 13.2 };

        Assert.Equal(1.1, result.DiagnosisRatio!.Value, 6);
        Assert.Equal(1.32, result.DiagnosisOverBuildRatio!.Value, 6);
        var rows = DiagnosisFigures.Rows([result]).ToList();
        Assert.Contains(rows, row => row.StartsWith("| the same, failing-test cases | 1.10 |", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.StartsWith("| time to first diagnosis / plain `dotnet build` alone, median | 1.32 |", StringComparison.Ordinal));
    }
}
