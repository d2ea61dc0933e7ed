using CiAgent.Context;
using CiAgent.Healing;
using CiAgent.Kernel;
using CiAgent.Outputs.Report;
using CiAgent.Settings;
using CiAgent.Strategies;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.EndToEnd;
using Serilog.Core;

namespace CiAgent.Tests.Healing;

/// <summary>The heal orchestrator run in-process with real tiers, the real dotnet CLI and real git, without the executable around it.</summary>
public sealed class HealRunTests
{
    [Fact]
    public async Task I_can_heal_in_process_with_the_offline_tier_and_get_the_commit_and_the_report()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));

        var result = await Run(repository, [new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)))], commit: "commit");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("healed", result.Report.Status);
        Assert.Equal("missing-using", Assert.Single(result.Report.Fixes).Fixer);
        Assert.Equal(["src/Geometry/ShapeTable.cs"], result.Report.ChangedFiles);
        Assert.Equal((await repository.GitAsync("rev-parse", "HEAD")).Trim(), result.Report.Commit);
        Assert.Contains("+using System.Text;", result.Diff, StringComparison.Ordinal);
        Assert.Equal([1, 0], result.Report.History.Select(h => h.Errors));
        Assert.Equal(["baseline", "diagnosis", "offline", "model", "verification", "tests", "delivery"], result.Report.Timings.Keys);
        Assert.All(["baseline", "diagnosis", "verification", "tests", "delivery"], phase => Assert.True(result.Report.Timings[phase] > 0, $"{phase} took no time"));
        Assert.Equal(0, result.Report.Timings["model"]);
        Assert.True(result.Report.Timings.Values.Sum() <= result.Report.DurationSeconds + 0.1, "the phases add up to more than the run");
    }

    [Fact]
    public async Task Without_a_tier_that_applies_a_broken_build_is_not_healed_and_the_tree_is_left_byte_for_byte()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));
        var before = repository.Fingerprint();

        var result = await Run(repository, []);

        Assert.Equal(ExitCodes.NotHealed, result.ExitCode);
        Assert.Equal("not-healed", result.Report.Status);
        Assert.Contains("first CS0246 in ShapeTable.cs", result.Report.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Report.Fixes);
        Assert.Null(result.Report.Commit);
        Assert.Equal(before, repository.Fingerprint());
    }

    [Fact]
    public async Task A_green_workspace_is_already_green_and_no_tier_runs()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var before = repository.Fingerprint();

        var result = await Run(repository, [new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)))]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("already-green", result.Report.Status);
        Assert.Equal(0, result.Report.Iterations);
        Assert.True(result.Report.Baseline!.TestsRan);
        Assert.Equal(before, repository.Fingerprint());
    }

    [Fact]
    public async Task A_library_without_tests_is_healed_and_says_that_no_tests_were_found()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));

        var result = await Run(repository, [new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)))], target: "src/Geometry/Geometry.csproj");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("healed", result.Report.Status);
        Assert.Equal("Healed with 1 fix; the harness's own build is green, and no tests were found to run.", result.Report.Reason);
    }

    private static Task<Outputs.Report.RunResult> Run(FixtureRepository repository, IReadOnlyList<IHealTier> tiers, string commit = "none", string? target = null)
    {
        var output = Path.Combine(Path.GetTempPath(), "ciagent-healrun", Guid.NewGuid().ToString("N"));
        var settings = SettingsResolver.Resolve(new CommandLineValues { Workspace = repository.Root, Out = output, Commit = commit, Target = target }, new Dictionary<string, string?>(), repository.Root);
        return new HealRun(settings, tiers, Logger.None).ExecuteAsync(CancellationToken.None);
    }
}
