using System.Security.Cryptography;
using CiAgent.Context;
using CiAgent.Healing;
using CiAgent.Kernel;
using CiAgent.Settings;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.EndToEnd;

namespace CiAgent.Tests.Strategies;

/// <summary>The offline tier on real fixture solutions, in process: real dotnet, real git, real rebuilds.</summary>
public sealed class CrossProjectHealingTests
{
    [Fact]
    public async Task I_can_heal_a_rename_used_bare_in_its_own_type_and_in_two_other_projects_in_one_offline_round()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            // The app and the tests use Width as it was; then the declaration alone is renamed, leaving Width * Height bare in Rectangle.
            GeometryUses.RectangleWidthInAppAndTests(r);
            r.Replace("src/Geometry/Rectangle.cs", "public double Width { get; }", "public double BoxWidth { get; }");
        });
        var log = new LogLines();

        var result = await Run(repository, log);

        Assert.True(result.Report.Status == "healed", log.ToString());
        Assert.Equal(1, result.Report.Iterations);
        Assert.Equal([2, 0], result.Report.History.Select(h => h.Errors));
        Assert.Equal(
            [
                ("CS0103", "src/Geometry/Rectangle.cs", "Renamed `Width` to `BoxWidth` on Rectangle (2 sites)"),
                ("CS1061", "src/Geometry.Report/Program.cs", "Renamed `Width` to `BoxWidth` on Rectangle (1 site)"),
                ("CS1061", "tests/Geometry.Tests/ShapeTests.cs", "Renamed `Width` to `BoxWidth` on Rectangle (1 site)"),
            ],
            result.Report.Fixes.Select(f => (f.Code, f.File!, f.Description)));
        Assert.Contains("public override double Area() => BoxWidth * Height;", repository.Read("src/Geometry/Rectangle.cs"), StringComparison.Ordinal);
        Assert.Contains("new Rectangle(2, 3).BoxWidth", repository.Read("src/Geometry.Report/Program.cs"), StringComparison.Ordinal);
        Assert.Contains("new Rectangle(2, 3).BoxWidth", repository.Read("tests/Geometry.Tests/ShapeTests.cs"), StringComparison.Ordinal);
        Assert.Contains(
            "Offline round 1: 3 fixes, build errors 2 → 0 (Geometry 2 → 0; Geometry.Report 1 → 0, hidden until Geometry compiled; Geometry.Tests 1 → 0, hidden until Geometry compiled)",
            log.All);
        Assert.Contains("Baseline: 2 build errors, tests not run", log.All);
        Assert.DoesNotContain(log.All, line => line.Contains(repository.Root, StringComparison.Ordinal));
        AssertTimingsAddUp(result.Report);
    }

    [Fact]
    public async Task A_library_fix_whose_dependants_hide_no_error_costs_one_build_with_the_dependants_checked_beside_it()
    {
        // The app and the tests were never compiled behind the broken library; in memory they show nothing to fix.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/Circle.cs", "Math.PI * Radius * Radius;", "Math.PI * Radius * Radius"));
        var log = new LogLines();
        var builds = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var result = await Run(repository, log, (title, _) => builds.Enqueue(title));

        Assert.True(result.Report.Status == "healed", log.ToString());
        Assert.Equal([1, 0], result.Report.History.Select(h => h.Errors));
        Assert.Equal([("CS1002", "src/Geometry/Circle.cs")], result.Report.Fixes.Select(f => (f.Code, f.File!)));
        // The baseline and the round's one build: the check of the hidden projects neither waited for it nor cost another.
        Assert.Equal(2, builds.Count(title => title.StartsWith("dotnet build ", StringComparison.Ordinal) && !title.Contains("not run again", StringComparison.Ordinal)));
        Assert.Contains("Offline round 1: 1 fix, build errors 1 → 0 (Geometry 1 → 0)", log.All);
        AssertTimingsAddUp(result.Report);
    }

    [Fact]
    public async Task A_dependant_the_breaking_commit_changed_is_checked_before_the_build_so_its_fix_costs_no_second_build()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        repository.Replace("src/Geometry/Circle.cs", "Math.PI * Radius * Radius;", "Math.PI * Radius * Radius");
        repository.Replace("tests/Geometry.Tests/ShapeTests.cs", "new Rectangle(2, 3)]);\n", "new Rectangle(2, 3)])\n");
        await repository.GitAsync("commit", "--quiet", "-am", "Break the library and, hidden behind it, the tests");
        var log = new LogLines();
        var builds = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var result = await Run(repository, log, (title, _) => builds.Enqueue(title));

        Assert.True(result.Report.Status == "healed", log.ToString());
        Assert.Equal([("CS1002", "src/Geometry/Circle.cs"), ("CS1002", "tests/Geometry.Tests/ShapeTests.cs")], result.Report.Fixes.Select(f => (f.Code, f.File!)));
        Assert.Contains("Offline round 1: checked tests/Geometry.Tests/Geometry.Tests.csproj before its build, as the breakage changed files there", log.All);
        // Both fixes put back what the commit took away, so the app behind the library is left to the round's build, with nothing beside it.
        Assert.Contains("Offline round 1: what the breakage's files declare for other projects is as it was before it, so the projects behind them are left to the build", log.All);
        Assert.DoesNotContain(log.All, line => line.Contains("calling off its build", StringComparison.Ordinal));
        Assert.Equal(2, builds.Count(title => title.StartsWith("dotnet build ", StringComparison.Ordinal) && !title.Contains("not run again", StringComparison.Ordinal)));
        AssertTimingsAddUp(result.Report);
    }

    [Fact]
    public async Task A_dependant_on_another_framework_build_of_the_fixed_library_is_left_to_the_build_rather_than_checked_against_the_wrong_one()
    {
        // Shapes builds for net10.0 and netstandard2.0 and is fixed in memory for net10.0; Legacy references its netstandard2.0 build,
        // and has an error of its own that no fixer mends, so the round's build fails and the check beside it always has its say.
        using var repository = await FixtureRepository.CreateAsync("Frameworks", r =>
        {
            r.Replace("src/Shapes/Square.cs", "return Side * Side;", "return Side * Side");
            r.Replace("src/Legacy/Floor.cs", "return new Square(side).Area();", "int area = \"tile\";\n            return new Square(side).Area();");
        });
        var before = repository.Fingerprint();
        var log = new LogLines();

        var result = await Run(repository, log);

        Assert.True(result.Report.Status == "not-healed", log.ToString());
        Assert.Contains("src/Shapes/Square.cs(18): CS1002 fixed offline: Inserted missing `;` on line 18", log.All);
        Assert.Contains(
            "Offline tier leaves src/Legacy/Legacy.csproj to the build: it references Shapes.csproj built for netstandard2.0, which was fixed in memory for net10.0",
            log.All);
        // Checked against the net10.0 Shapes, Legacy would show errors that are not its own.
        Assert.DoesNotContain(log.All, line => line.Contains("CS1705", StringComparison.Ordinal));
        Assert.Contains("Offline round 1: 1 fix, build errors 1 → 1 (Shapes 1 → 0; Legacy hidden → 1)", log.All);
        Assert.Equal(before, repository.Fingerprint());
        AssertTimingsAddUp(result.Report);
    }

    [Fact]
    public async Task A_strong_named_library_is_fixed_and_no_signing_error_reaches_the_log_and_what_stays_broken_is_restored()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Replace("src/Geometry/Geometry.csproj", "</TreatWarningsAsErrors>", "</TreatWarningsAsErrors>\n    <SignAssembly>true</SignAssembly>\n    <AssemblyOriginatorKeyFile>Geometry.snk</AssemblyOriginatorKeyFile>");
            using var key = new RSACryptoServiceProvider(1024);
            File.WriteAllBytes(Path.Combine(r.Root, "src/Geometry/Geometry.snk"), key.ExportCspBlob(includePrivateParameters: true));
            // Fixable in the signed library; then, hidden behind it, an error in the app that no offline fixer can mend.
            r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", "");
            r.Replace("src/Geometry.Report/Program.cs", "Shape[] shapes", "double label = \"shapes\";\nShape[] shapes");
        });
        var before = repository.Fingerprint();
        var log = new LogLines();

        var result = await Run(repository, log);

        Assert.True(result.Report.Status == "not-healed", log.ToString());
        Assert.DoesNotContain(log.All, line => line.Contains("CS7027", StringComparison.Ordinal));
        Assert.Contains("src/Geometry/ShapeTable.cs(11): CS0246 fixed offline: Added `using System.Text;` for StringBuilder", log.All);
        Assert.Contains("Offline round 1: 1 fix, build errors 1 → 1 (Geometry 1 → 0; Geometry.Report 1 → 1, hidden until Geometry compiled)", log.All);
        Assert.Contains(log.All, line => line.StartsWith(
            "Offline tier found no fix for src/Geometry.Report/Geometry.Report.csproj: 1 compiler error in memory, first src/Geometry.Report/Program.cs(3,16): CS0029: Cannot implicitly convert type 'string' to 'double'",
            StringComparison.Ordinal));
        Assert.DoesNotContain(log.All, line => line.Contains(repository.Root, StringComparison.Ordinal));
        Assert.Equal(before, repository.Fingerprint());
        AssertTimingsAddUp(result.Report);
    }

    // The hidden projects are checked beside the round's build: that time must not be counted twice.
    private static void AssertTimingsAddUp(Outputs.Report.RunReport report)
    {
        Assert.All(report.Timings, phase => Assert.True(phase.Value >= 0, $"{phase.Key} took {phase.Value} s"));
        Assert.True(report.Timings.Values.Sum() <= report.DurationSeconds + 0.1, "the phases add up to more than the run");
    }

    private static Task<Outputs.Report.RunResult> Run(FixtureRepository repository, LogLines log, Action<string, string>? buildLog = null)
    {
        var output = Path.Combine(Path.GetTempPath(), "ciagent-healrun", Guid.NewGuid().ToString("N"));
        var settings = SettingsResolver.Resolve(new CommandLineValues { Workspace = repository.Root, Out = output, NoTests = true }, new Dictionary<string, string?>(), repository.Root);
        return new HealRun(settings, [new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)))], log.Logger, buildLog: buildLog).ExecuteAsync(CancellationToken.None);
    }
}
