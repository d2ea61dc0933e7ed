using CiAgent.Tests.Strategies;

namespace CiAgent.Tests.EndToEnd;

public sealed class MissingUsingHealingTests
{
    [Fact]
    public async Task I_can_heal_a_missing_using_and_get_one_commit_that_adds_only_that_line()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));
        var head = (await repository.GitAsync("rev-parse", "HEAD")).Trim();

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "commit");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Report;
        Assert.Equal("healed", report.GetProperty("status").GetString());
        Assert.Equal(1, report.GetProperty("baseline").GetProperty("errors").GetInt32());
        Assert.Equal("CS0246", report.GetProperty("baseline").GetProperty("diagnostics")[0].GetProperty("code").GetString());
        Assert.Equal("src/Geometry/ShapeTable.cs", report.GetProperty("baseline").GetProperty("diagnostics")[0].GetProperty("file").GetString());
        Assert.Equal(0, report.GetProperty("final").GetProperty("errors").GetInt32());
        Assert.Equal(0, report.GetProperty("final").GetProperty("failedTests").GetInt32());
        var fix = Assert.Single(report.GetProperty("fixes").EnumerateArray());
        Assert.Equal("offline", fix.GetProperty("tier").GetString());
        Assert.Equal("missing-using", fix.GetProperty("fixer").GetString());
        Assert.Equal(0, report.GetProperty("modelCalls").GetInt32());

        var commit = report.GetProperty("commit").GetString();
        Assert.Equal(commit, (await repository.GitAsync("rev-parse", "HEAD")).Trim());
        Assert.Equal(head, (await repository.GitAsync("rev-parse", "HEAD~1")).Trim());
        Assert.Equal("ciagent: fix CS0246 in ShapeTable.cs", (await repository.GitAsync("log", "-1", "--format=%s")).Trim());
        Assert.Contains("Generated-by: ciagent", await repository.GitAsync("log", "-1", "--format=%B"));
        var diff = await repository.GitAsync("show", "--format=", "--unified=0", "HEAD");
        var added = diff.Split('\n').Where(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)).ToList();
        Assert.Equal(["+using System.Text;"], added);
        Assert.DoesNotContain(diff.Split('\n'), l => l.StartsWith('-') && !l.StartsWith("---", StringComparison.Ordinal));
        Assert.Equal("", (await repository.GitAsync("status", "--porcelain")).Trim());
    }
}

public sealed class RenamedMemberHealingTests
{
    [Fact]
    public async Task I_can_follow_a_renamed_member_to_every_call_site_in_other_projects()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            // The library renames Perimeter to GetPerimeter; the console app and the tests still call the old name.
            foreach (var file in new[] { "src/Geometry/Shape.cs", "src/Geometry/Circle.cs", "src/Geometry/Rectangle.cs", "src/Geometry/Text/ShapeText.cs" })
            {
                r.Replace(file, "Perimeter()", "GetPerimeter()");
            }
        });

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "commit");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("healed", run.Report.GetProperty("status").GetString());
        // One fix per old call site, in the console app and in the tests; Assert.All alone would pass on none.
        var fixes = run.Report.GetProperty("fixes").EnumerateArray().ToList();
        Assert.Equal(2, fixes.Count);
        Assert.All(fixes, f => Assert.Equal("renamed-member", f.GetProperty("fixer").GetString()));
        Assert.Contains("shape.GetPerimeter()", repository.Read("src/Geometry.Report/Program.cs"));
        Assert.Contains("new Rectangle(2, 3).GetPerimeter()", repository.Read("tests/Geometry.Tests/ShapeTests.cs"));
        var changed = (await repository.GitAsync("show", "--format=", "--name-only", "HEAD")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["src/Geometry.Report/Program.cs", "tests/Geometry.Tests/ShapeTests.cs"], changed.Order());
    }
}

public sealed class SyntaxSlipHealingTests
{
    [Fact]
    public async Task I_can_heal_a_missing_semicolon_and_keep_crlf_line_endings()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            var text = r.Read("src/Geometry.Report/Program.cs").Replace("Console.Write(ShapeTable.Render(shapes));", "Console.Write(ShapeTable.Render(shapes))");
            r.Write("src/Geometry.Report/Program.cs", text.ReplaceLineEndings("\r\n"));
        });

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "commit", "--no-tests");

        Assert.True(run.ExitCode == 0, run.ToString());
        var fix = Assert.Single(run.Report.GetProperty("fixes").EnumerateArray());
        Assert.Equal("CS1002", fix.GetProperty("code").GetString());
        var bytes = File.ReadAllText(Path.Combine(repository.Root, "src/Geometry.Report/Program.cs"));
        Assert.Contains("Console.Write(ShapeTable.Render(shapes));\r\n", bytes);
        Assert.DoesNotContain("\n", bytes.Replace("\r\n", ""));
    }
}

public sealed class UnhealableTests
{
    [Fact]
    public async Task A_bug_no_offline_tier_can_fix_leaves_the_workspace_byte_for_byte_as_it_was()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", "");
            r.Replace("src/Geometry/Circle.cs", "public override double Area() => Math.PI * Radius * Radius;", "public override double Area() => \"pi r squared\";");
        });
        // The user's own work in progress, which the run must neither lose nor commit.
        repository.Write("notes/todo.txt", "remember the milk\n");
        repository.Replace("src/Geometry/Rectangle.cs", "/// <summary>The width.</summary>", "/// <summary>The width, in metres.</summary>");
        var before = repository.Fingerprint();
        var head = (await repository.GitAsync("rev-parse", "HEAD")).Trim();

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "commit", "--allow-dirty");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("not-healed", run.Report.GetProperty("status").GetString());
        Assert.Contains("CS0029", run.Report.GetProperty("reason").GetString());
        Assert.Equal(JsonNull, run.Report.GetProperty("commit").ValueKind);
        Assert.Equal(head, (await repository.GitAsync("rev-parse", "HEAD")).Trim());
        Assert.Equal(before, repository.Fingerprint());
        Assert.True(File.Exists(Path.Combine(run.OutputDirectory, "summary.md")));
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}

public sealed class AlreadyGreenTests
{
    [Fact]
    public async Task An_already_green_workspace_is_reported_and_left_alone()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "commit");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("already-green", run.Report.GetProperty("status").GetString());
        Assert.True(run.Report.GetProperty("baseline").GetProperty("testsRan").GetBoolean());
        Assert.Equal(1, int.Parse((await repository.GitAsync("rev-list", "--count", "HEAD")).Trim()));
        Assert.Equal(before, repository.Fingerprint());
    }
}

public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_heals_the_bundled_solution_offline_and_shows_the_commit()
    {
        var run = await CiAgentExecutable.RunAsync(Path.GetTempPath(), null, "demo");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("## CiAgent: healed", run.Output);
        Assert.Contains("ciagent: fix", run.Output);
        Assert.Contains("+using System.Text;", run.Output);
        Assert.Contains("+using Bookstore.Core.Pricing;", run.Output);
        Assert.Contains("receipt.Total:0.00", run.Output);
    }
}
