using CiAgent.Kernel;
using CiAgent.Tests.EndToEnd;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog.Core;

namespace CiAgent.Tests.Verification;

/// <summary>Which reruns of failing tests may skip MSBuild and run on the assemblies the tests were found in (real git, no dotnet run).</summary>
public sealed class BuiltTestAssembliesTests
{
    private const string Perimeter = "Geometry.Tests.RectangleTests.Perimeter";
    private const string Area = "Geometry.Tests.RectangleTests.Area";

    [Fact]
    public async Task Failing_tests_are_rerun_on_the_assemblies_they_failed_in_while_those_exist()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var first = Built(repository, "tests/Geometry.Tests/bin/Debug/net10.0/Geometry.Tests.dll");
        var second = Built(repository, "tests/Geometry.Tests/bin/Debug/net8.0/Geometry.Tests.dll");
        var assemblies = new BuiltTestAssemblies(await OpenAsync(repository));

        assemblies.Remember(Failing((Perimeter, first), (Area, second), ("Geometry.Tests.Unnamed", null)));

        Assert.Equal([first, second], assemblies.For([Perimeter, Area]).ToArray());  // net10.0 before net8.0: ordinal, whatever order they were asked in
        Assert.Equal([first], assemblies.For([Perimeter]).ToArray());
        Assert.Empty(assemblies.For([Perimeter, "Geometry.Tests.Unnamed"]));  // one test of unknown home sends them all through the project
        Assert.Empty(assemblies.For([]));
        File.Delete(second);
        Assert.Empty(assemblies.For([Area]));
    }

    [Theory]
    [InlineData("Directory.Build.props", "<Project><PropertyGroup><RunSettingsFilePath>$(MSBuildThisFileDirectory)ci.runsettings</RunSettingsFilePath></PropertyGroup></Project>")]
    [InlineData("tests/Geometry.Tests/Directory.Build.targets", "<Project><PropertyGroup><VSTestBlameCrash>true</VSTestBlameCrash></PropertyGroup></Project>")]
    [InlineData("ci.runsettings", "<RunSettings />")]
    public async Task A_workspace_that_configures_vstest_through_msbuild_keeps_the_project_route(string file, string text)
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Write(file, text));
        var dll = Built(repository, "tests/Geometry.Tests/bin/Debug/net10.0/Geometry.Tests.dll");
        var assemblies = new BuiltTestAssemblies(await OpenAsync(repository));

        assemblies.Remember(Failing((Perimeter, dll)));

        Assert.Empty(assemblies.For([Perimeter]));
    }

    private static string Built(FixtureRepository repository, string relative)
    {
        repository.Write(relative, "not really an assembly");
        return Path.Combine(repository.Root, relative);
    }

    private static Task<RunWorkspace> OpenAsync(FixtureRepository repository) =>
        RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, allowDirty: false, Logger.None, CancellationToken.None);

    private static TestRunResult Failing(params (string Name, string? Assembly)[] tests) =>
        new(TestRunFailureKind.None, tests.Length, 0, tests.Length, 0,
            [.. tests.Select(t => new TestFailure(t.Name, null, null, "failed", null, null, [], t.Assembly))], null, "", 1, TimeSpan.FromSeconds(1));
}
