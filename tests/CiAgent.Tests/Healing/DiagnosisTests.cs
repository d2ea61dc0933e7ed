using System.Collections.Immutable;
using CiAgent.Healing;
using CiAgent.Kernel;

namespace CiAgent.Tests.Healing;

public sealed class DiagnosisTests
{
    [Fact]
    public void One_error_is_counted_in_the_singular_and_a_message_s_own_full_stop_is_not_doubled()
    {
        var build = new BuildResult([new BuildDiagnostic("/w/src/A.cs", 3, 5, DiagnosticSeverity.Error, "CS0103", "The name 'x' does not exist.", null)], 1, false, TimeSpan.Zero, "");

        var text = Diagnosis.Describe(new BuildTestVerdict(build, null), null, modelConfigured: true);

        Assert.Equal("1 build error remains, first CS0103 in A.cs:3: The name 'x' does not exist.", text);
    }

    [Fact]
    public void One_failing_test_is_counted_in_the_singular()
    {
        var build = new BuildResult([], 0, false, TimeSpan.Zero, "");
        var failure = new TestFailure("Shop.Tests.CartTests.Total", "CartTests", "Total", "Assert.Equal() Failure\nExpected: 3\nActual: 2", null, null, ImmutableArray<SourceLocation>.Empty);
        var tests = new TestRunResult(TestRunFailureKind.None, 1, 0, 1, 0, [failure], null, "", 1, TimeSpan.Zero);

        var text = Diagnosis.Describe(new BuildTestVerdict(build, tests), null, modelConfigured: true);

        Assert.Equal("1 test fails, first Shop.Tests.CartTests.Total: Assert.Equal() Failure Expected: 3 Actual: 2.", text);
    }
}
