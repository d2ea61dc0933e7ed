using CiAgent.Kernel;
using CiAgent.Processes;
using CiAgent.Tests.EndToEnd;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog.Core;

namespace CiAgent.Tests.Verification;

/// <summary>Where the whole suite runs after the first run through the solution (real dotnet CLI, real git, the Geometry fixture).</summary>
public sealed class WholeSuiteRunTests
{
    private const string Later = "tests/Geometry.Later.Tests";
    private const string SuiteAssembly = "tests/Geometry.Tests/bin/Debug/net10.0/Geometry.Tests.dll";

    [Fact]
    public async Task The_whole_suite_runs_on_the_assemblies_the_solution_ran_until_an_edit_could_add_tests_that_run_never_saw()
    {
        // A second test project with no tests yet: the solution's run finds no assembly of it.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Write($"{Later}/Geometry.Later.Tests.csproj", r.Read("tests/Geometry.Tests/Geometry.Tests.csproj")));
        var added = await new ExternalCommand("dotnet").WithWorkingDirectory(repository.Root)
            .WithArguments(["sln", "Geometry.sln", "add", $"{Later}/Geometry.Later.Tests.csproj"]).ExecuteAsync(CancellationToken.None);
        Assert.True(added.ExitCode == 0, added.StandardError);
        await repository.GitAsync("add", "--all");
        await repository.GitAsync("commit", "--quiet", "-m", "A test project with no tests yet");
        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, false, Logger.None, CancellationToken.None);
        var titles = new List<string>();
        var verifier = new Verifier(workspace, TimeSpan.FromMinutes(5), (title, _) => titles.Add(title.Split(" (")[0]));

        var baseline = await verifier.VerifyAsync(runTests: true, CancellationToken.None);

        Assert.True(baseline.Green, baseline.Tests?.Output ?? baseline.Build.Output);
        Assert.Equal("dotnet test Geometry.sln, all tests", titles[^1]);

        // An edit to the library both the app and the tests use: its own tests are in the assembly the solution's run found.
        var rectangle = Path.Combine(repository.Root, "src", "Geometry", "Rectangle.cs");
        workspace.Write(TextFile.Read(rectangle).WithText("// Width and height in metres.\n" + File.ReadAllText(rectangle)));
        Assert.True((await verifier.BuildAsync(CancellationToken.None)).Succeeded);

        var direct = await verifier.TestAsync(null, CancellationToken.None);

        Assert.Equal($"dotnet test {SuiteAssembly}, all tests", titles[^1]);
        Assert.True(direct.Succeeded, direct.Output);
        Assert.Equal(baseline.Tests!.Total, direct.Total);

        // Nothing written since: asking for the suite again reuses that run instead of starting dotnet.
        Assert.Same(direct, await verifier.TestSuiteUnlessUnchangedAsync(CancellationToken.None));
        Assert.StartsWith("dotnet test Geometry.sln, all tests not run again", titles[^1], StringComparison.Ordinal);

        // A test written into the project that had none: only a run through the solution can find it, and it does.
        workspace.Write(TextFile.New(Path.Combine(repository.Root, Later, "LaterTests.cs")).WithText(
            "namespace Geometry.Later.Tests;\n\npublic class LaterTests\n{\n    [Fact]\n    public void Is_seen() => Assert.Equal(1, 2);\n}\n"));
        Assert.True((await verifier.BuildAsync(CancellationToken.None)).Succeeded);

        var through = await verifier.TestAsync(null, CancellationToken.None);

        Assert.Equal("dotnet test Geometry.sln, all tests", titles[^1]);
        Assert.Equal("Geometry.Later.Tests.LaterTests.Is_seen", Assert.Single(through.Failures).FullName);
        Assert.Equal(baseline.Tests.Total + 1, through.Total);
    }
}
