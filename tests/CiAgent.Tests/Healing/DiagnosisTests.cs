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

    [Fact]
    public void Errors_in_several_projects_are_counted_per_project()
    {
        BuildDiagnostic Error(string file, string project) => new(file, 1, 1, DiagnosticSeverity.Error, "CS1061", "'Rectangle' does not contain a definition for 'Width'", project);
        var build = new BuildResult([Error("/w/src/App/Program.cs", "/w/src/App/App.csproj"), Error("/w/tests/T/ShapeTests.cs", "/w/tests/T/T.Tests.csproj"), Error("/w/tests/T/More.cs", "/w/tests/T/T.Tests.csproj")], 1, false, TimeSpan.Zero, "");

        var text = Diagnosis.Describe(new BuildTestVerdict(build, null), null, modelConfigured: true);

        Assert.StartsWith("3 build errors remain (App 1, T.Tests 2), first CS1061 in Program.cs:1: ", text, StringComparison.Ordinal);
    }
}
