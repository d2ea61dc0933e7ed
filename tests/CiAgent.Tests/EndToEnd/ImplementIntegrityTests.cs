using CiAgent.Tests.Fakes;
using static CiAgent.Tests.EndToEnd.ImplementScript;

namespace CiAgent.Tests.EndToEnd;

/// <summary>Issue 12 for `ciagent implement`: a coder that tries each route around the acceptance tests is refused at the edit, then implements for real.</summary>
public sealed class ImplementIntegrityTests
{
    private const string TestProject = "tests/Geometry.Tests/Geometry.Tests.csproj";

    [Fact]
    public async Task A_coder_that_tries_each_route_around_the_acceptance_tests_is_refused_when_it_tries_and_only_the_tests_and_the_code_are_committed()
    {
        // Test edits allowed, so the routes through the test project reach the rules rather than the jail.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Write(SpecPath, Spec);
            r.Write(".ciagent.yml", "policy:\n  allowTestEdits: true\n");
        });
        Bypass[] bypasses =
        [
            Bypass.Write("protected", TestsPath, RedTests.Replace("[Fact]\n    public void A_square_has", "[Fact(Skip = \"later\")]\n    public void A_square_has", StringComparison.Ordinal)),
            Bypass.Replace("excluded-test", TestProject, "<Using Include=\"Xunit\" />", "<Using Include=\"Xunit\" />\n    <Compile Remove=\"SquareTests.cs\" />"),
            Bypass.Replace("excluded-test", TestProject, "<IsPackable>false</IsPackable>", "<IsPackable>false</IsPackable>\n    <IsTestProject>false</IsTestProject>"),
            Bypass.Write("narrowed-test-run", "Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <VSTestTestCaseFilter>FullyQualifiedName!~Square</VSTestTestCaseFilter>\n  </PropertyGroup>\n</Project>\n"),
            Bypass.Write("narrowed-test-run", "tests/Geometry.Tests/xunit.runner.json", "{\n  \"failSkips\": false\n}\n"),
            Bypass.Write("suppressed-warning", "Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>\n  </PropertyGroup>\n</Project>\n"),
            Bypass.Write("test-detection", CodePath, Code.Replace("=> 4 * Side;", "=> Environment.GetEnvironmentVariable(\"VSTEST_HOST_DEBUG\") is null ? 8 : 4 * Side;", StringComparison.Ordinal)),
        ];
        await using var server = await FakeOpenAiServer.StartAsync();
        server.EnqueueFor("planner", Plan());
        server.EnqueueFor("tester", Write(TestsPath, RedTests), Finish("Two tests, one per criterion."));
        server.EnqueueFor("coder", [.. bypasses.Select(bypass => bypass.Step), Write(CodePath, Code), Finish("Added Square.")]);
        server.EnqueueFor("reviewer", Review(approved: true));

        var run = await ImplementAsync(repository, server);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("implemented", run.Report.GetProperty("status").GetString());
        Assert.Empty(run.Report.GetProperty("policyViolations").EnumerateArray());
        var coder = Bypass.Trajectory(run).Where(step => step.GetProperty("role").GetString() == "coder").ToList();
        Assert.Equal(bypasses.Length + 2, coder.Count);
        for (var index = 0; index < bypasses.Length; index++)
        {
            bypasses[index].AssertRefusedIn(coder[index]);
        }

        // The commit holds exactly the accepted tests and the honest code, and nothing else is left in the tree.
        await AssertImplementationCommitAsync(repository, reviewRounds: 1);
        Assert.Equal(RedTests, repository.Read(TestsPath));
        Assert.Equal(Code, repository.Read(CodePath));
        AssertCriteria(run.Report, redBefore: true, greenAfter: true);
    }
}
