using CiAgent.Context;
using CiAgent.Healing;
using CiAgent.Settings;
using CiAgent.Strategies;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.EndToEnd;
using CiAgent.Tests.Fakes;
using CiAgent.Tests.Models;
using Serilog.Core;

namespace CiAgent.Tests.Healing;

/// <summary>Which real builds and test runs a heal pays for, read from the titles the harness gives each dotnet run (real dotnet, real git, a scripted model on loopback).</summary>
public sealed class FocusedVerificationTests
{
    private const string Program = "src/Geometry.Report/Program.cs";
    private const string Typed = "int rendered = ShapeTable.Render(shapes);";
    private const string StillWrong = "long rendered = ShapeTable.Render(shapes);";
    private const string Right = "Console.Write(ShapeTable.Render(shapes));";

    [Fact]
    public async Task Edits_are_checked_in_memory_and_only_the_final_verification_builds_and_tests_everything()
    {
        // Two errors in the console app: a misspelt member the offline tier fixes, and a type mismatch it cannot.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace(Program, "Console.Write(ShapeTable.Render(shapes));", Typed));
        repository.Replace(Program, "shape.Perimeter()", "shape.Perimetre()");
        await repository.GitAsync("commit", "--quiet", "-am", "Both breaks");
        var runs = new List<string>();
        var seenAt = new List<int>();
        FakeStep Next(FakeStep step) => FakeStep.From(_ => { seenAt.Add(runs.Count); return step; });
        await using var server = await FakeOpenAiServer.StartAsync(
            Next(FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = Program, oldText = Typed, newText = StillWrong }))),
            Next(FakeOpenAiServer.ToolCalls(("run_build", new { }))),
            Next(FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = Program, oldText = StillWrong, newText = Right }))),
            Next(FakeOpenAiServer.ToolCalls(("run_build", new { }))),
            Next(FakeOpenAiServer.ToolCalls(("finish", new { summary = "Printed the table instead of storing it." }))));
        var output = Path.Combine(Path.GetTempPath(), "ciagent-healrun", Guid.NewGuid().ToString("N"));
        var settings = SettingsResolver.Resolve(new CommandLineValues { Workspace = repository.Root, Out = output, FlakeReruns = 0 }, new Dictionary<string, string?>(), repository.Root);
        var compilations = new CompilationCache();
        IHealTier[] tiers =
        [
            new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)), compilations),
            new ModelHealTier(OpenAiTestClients.Adapter(server), new ModelTierOptions { OutputDirectory = output, Compilations = compilations }, settings.Policy),
        ];

        var result = await new HealRun(settings, tiers, Logger.None, buildLog: (title, _) => runs.Add(title.Split(" (")[0])).ExecuteAsync(CancellationToken.None);

        Assert.True(result.Report.Status == "healed", result.Report.Reason);
        Assert.Equal(["offline", "model"], result.Report.Fixes.Select(f => f.Tier));
        Assert.Equal(
            [
                "dotnet build Geometry.sln",                                // the baseline
                "dotnet build src/Geometry.Report/Geometry.Report.csproj",  // the offline round: one error left in memory, so only the edited project
                "dotnet build Geometry.sln",                                // finish: the harness's own full build…
                "dotnet test Geometry.sln, all tests",                      // …and the whole suite, once
            ],
            runs);

        // Both run_builds answered from memory, with no dotnet process between the model's requests: first the compiler's error,
        // then a clean bill once the compiler and the build's analyzers found nothing.
        Assert.Contains("Checked in memory", server.Requests[2].Body);
        Assert.Contains("CS0029", server.Requests[2].Body);
        Assert.Contains("Checked src/Geometry.Report/Geometry.Report.csproj in memory", server.Requests[4].Body);
        Assert.Contains("no errors", server.Requests[4].Body);
        Assert.Equal(seenAt[1], seenAt[4]);
        Assert.Contains(Right, repository.Read(Program));
        Assert.True(result.Report.Timings["verification"] > 0);
    }

    [Fact]
    public async Task Failing_tests_that_run_tests_just_saw_pass_are_not_run_again_before_the_whole_suite()
    {
        var (status, runs, _) = await HealThePerimeterWithRunTestsAsync(flakeReruns: 0);

        Assert.True(status.Healed, status.Reason);
        Assert.Equal(
            [
                "dotnet build Geometry.sln",                             // the baseline…
                "dotnet test Geometry.sln, all tests",                   // …with two failing tests
                "dotnet build Geometry.sln",                             // run_tests: every project depends on the library…
                "dotnet test tests/Geometry.Tests/bin/Debug/net10.0/Geometry.Tests.dll, 2 selected tests",  // …and the failing tests, on their built assembly, now passing
                "dotnet build Geometry.sln not run again: no file changed since the last one",  // finish: that build stands
                "dotnet test tests/Geometry.Tests/bin/Debug/net10.0/Geometry.Tests.dll, all tests",  // and the whole suite, once, on the assembly the baseline found it in
            ],
            runs);
    }

    [Fact]
    public async Task When_the_whole_suite_costs_what_a_rerun_does_run_tests_runs_it_all_and_finish_runs_it_no_more()
    {
        var (status, runs, requests) = await HealThePerimeterWithRunTestsAsync(flakeReruns: 2);

        Assert.True(status.Healed, status.Reason);
        Assert.Equal(
            [
                "dotnet build Geometry.sln",                             // the baseline…
                "dotnet test Geometry.sln, all tests",                   // …with two failing tests
                "dotnet test tests/Geometry.Tests/bin/Debug/net10.0/Geometry.Tests.dll, 2 selected tests",  // still failing on two reruns,
                "dotnet test tests/Geometry.Tests/bin/Debug/net10.0/Geometry.Tests.dll, 2 selected tests",  // side by side: real
                "dotnet build Geometry.sln",                             // run_tests: every project depends on the library…
                "dotnet test tests/Geometry.Tests/bin/Debug/net10.0/Geometry.Tests.dll, all tests",  // …and the whole suite, the failing tests' only assembly
                "dotnet build Geometry.sln not run again: no file changed since the last one",  // finish: that build stands…
                "dotnet test Geometry.sln, all tests not run again: no file changed since the last run",  // …and so does that run
            ],
            runs);
        Assert.Contains("All 4 tests passed", requests[2]);
    }

    // The perimeter drops one pair of sides; the model puts it back, calls run_tests, then finish. Returns the titles of the
    // dotnet runs the heal paid for and the bodies of the model's requests.
    private static async Task<((bool Healed, string Reason) Status, List<string> Runs, List<string> Requests)> HealThePerimeterWithRunTestsAsync(int flakeReruns)
    {
        const string Rectangle = "src/Geometry/Rectangle.cs";
        const string Right = "2 * (Width + Height)";
        const string Wrong = "Width + Height";
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace(Rectangle, Right, Wrong));
        var runs = new List<string>();
        await using var server = await FakeOpenAiServer.StartAsync(
            FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = Rectangle, oldText = Wrong, newText = Right })),
            FakeOpenAiServer.ToolCalls(("run_tests", new { })),
            FakeOpenAiServer.ToolCalls(("finish", new { summary = "The perimeter goes round both pairs of sides." })));
        var output = Path.Combine(Path.GetTempPath(), "ciagent-healrun", Guid.NewGuid().ToString("N"));
        var settings = SettingsResolver.Resolve(new CommandLineValues { Workspace = repository.Root, Out = output, FlakeReruns = flakeReruns }, new Dictionary<string, string?>(), repository.Root);
        IHealTier[] tiers = [new ModelHealTier(OpenAiTestClients.Adapter(server), new ModelTierOptions { OutputDirectory = output }, settings.Policy)];

        var result = await new HealRun(settings, tiers, Logger.None, buildLog: (title, _) => runs.Add(title.Split(" (")[0])).ExecuteAsync(CancellationToken.None);

        return ((result.Report.Status == "healed", result.Report.Reason), runs, [.. server.Requests.Select(r => r.Body)]);
    }
}
