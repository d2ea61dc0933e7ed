using System.Text;
using CiAgent.Context;
using CiAgent.Healing;
using CiAgent.Kernel;
using CiAgent.Outputs.Report;
using CiAgent.Settings;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.EndToEnd;
using Serilog.Core;

namespace CiAgent.Tests.Healing;

/// <summary>Dependency breaks healed offline in-process, with the real dotnet CLI, real restores and real git.</summary>
public sealed class DependencyHealingTests
{
    private const string ReportProject = "src/Geometry.Report/Geometry.Report.csproj";
    private const string TestProject = "tests/Geometry.Tests/Geometry.Tests.csproj";

    [Fact]
    public async Task I_can_heal_a_lost_project_reference_and_an_obsolete_call_in_one_round_and_the_project_file_gets_its_bytes_back()
    {
        // The console app lost its reference to the library (its file has a BOM and CRLF endings), and the library calls a member it made obsolete.
        byte[] original = [];
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            var text = r.Read(ReportProject).ReplaceLineEndings("\r\n");
            original = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)];
            var broken = text.Replace("  <ItemGroup>\r\n    <ProjectReference Include=\"..\\Geometry\\Geometry.csproj\" />\r\n  </ItemGroup>\r\n", "", StringComparison.Ordinal);
            Assert.NotEqual(text, broken);
            File.WriteAllBytes(Path.Combine(r.Root, ReportProject), [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(broken)]);
            r.Replace("src/Geometry/Shape.cs", "    public abstract double Perimeter();\n", "    public abstract double Perimeter();\n\n    /// <summary>The area, by its old name.</summary>\n    [Obsolete(\"Use Area instead\")]\n    public double Surface() => Area();\n");
            r.Replace("src/Geometry/ShapeTable.cs", "shapes.Sum(shape => shape.Area())", "shapes.Sum(shape => shape.Surface())");
        });

        var result = await Run(repository, commit: "commit");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Report.Reason);
        Assert.Equal("healed", result.Report.Status);
        Assert.Equal(1, result.Report.Iterations);
        Assert.Equal(["obsolete-member", "project-reference"], result.Report.Fixes.Select(f => f.Fixer).Order());
        var reference = Assert.Single(result.Report.Fixes, f => f.Fixer == "project-reference");
        Assert.Equal("src/Geometry.Report/Program.cs", reference.File);
        Assert.StartsWith("Added a reference to Geometry.csproj for ", reference.Description, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(repository.Root, ReportProject)));
        Assert.Contains("shapes.Sum(shape => shape.Area())", repository.Read("src/Geometry/ShapeTable.cs"), StringComparison.Ordinal);
        Assert.Equal(["src/Geometry.Report/Geometry.Report.csproj", "src/Geometry/ShapeTable.cs"], result.Report.ChangedFiles.Order());
        Assert.Equal("", (await repository.GitAsync("status", "--porcelain")).Trim());
    }

    [Fact]
    public async Task I_can_heal_a_package_a_sibling_references_under_central_management_and_the_test_project_passes_the_gate()
    {
        // The console app uses Markdig; the tests start to, without the reference or the using.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            CentrallyManaged(r, ("Markdig", "1.6.0"));
            r.Replace(ReportProject, "  <ItemGroup>\n    <ProjectReference", "  <ItemGroup>\n    <PackageReference Include=\"Markdig\" />\n    <ProjectReference");
            r.Write("tests/Geometry.Tests/MarkdownTests.cs", "namespace Geometry.Tests;\n\npublic class MarkdownTests\n{\n    [Fact]\n    public void A_table_renders_as_html() => Assert.StartsWith(\"<p>\", Markdig.Markdown.ToHtml(\"shapes\"));\n\n    [Fact]\n    public void A_pipeline_can_be_built() => Assert.NotNull(new MarkdownPipelineBuilder().Build());\n}\n");
        });

        var result = await Run(repository);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Report.Reason);
        Assert.Equal(["package-reference", "missing-using"], result.Report.Fixes.Select(f => f.Fixer));
        Assert.Equal("Added a reference to package Markdig 1.6.0 for Markdig, MarkdownPipelineBuilder, as Geometry.Report.csproj has", result.Report.Fixes[0].Description);
        Assert.Contains("    <PackageReference Include=\"Markdig\" />\n    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" />\n", repository.Read(TestProject), StringComparison.Ordinal);
        Assert.StartsWith("using Markdig;\n", repository.Read("tests/Geometry.Tests/MarkdownTests.cs"), StringComparison.Ordinal);
        Assert.Empty(result.Report.PolicyViolations);
    }

    [Fact]
    public async Task I_can_heal_a_missing_PackageVersion_with_the_version_the_solution_already_resolves()
    {
        // Serilog reaches the console app through Serilog.Sinks.Console; the tests now ask for it by name, and the central file has no version for it.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            CentrallyManaged(r, ("Serilog.Sinks.Console", "6.1.1"));
            r.Replace(ReportProject, "  <ItemGroup>\n    <ProjectReference", "  <ItemGroup>\n    <PackageReference Include=\"Serilog.Sinks.Console\" />\n    <ProjectReference");
            r.Replace(TestProject, "    <PackageReference Include=\"xunit\" />\n", "    <PackageReference Include=\"Serilog\" />\n    <PackageReference Include=\"xunit\" />\n");
        });
        var propsBefore = repository.Read("Directory.Packages.props");

        var result = await Run(repository, commit: "commit");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Report.Reason);
        var fix = Assert.Single(result.Report.Fixes);
        Assert.Equal(("package-version", "NU1010", "Directory.Packages.props"), (fix.Fixer, fix.Code, fix.File));
        Assert.Equal("NU1010", Assert.Single(result.Report.Baseline!.Diagnostics).Code);
        Assert.Equal(
            propsBefore.Replace("    <PackageVersion Include=\"Serilog.Sinks.Console\"", "    <PackageVersion Include=\"Serilog\" Version=\"4.0.0\" />\n    <PackageVersion Include=\"Serilog.Sinks.Console\"", StringComparison.Ordinal),
            repository.Read("Directory.Packages.props"));
        Assert.Equal("ciagent: fix NU1010 in Directory.Packages.props", (await repository.GitAsync("log", "-1", "--format=%s")).Trim());
    }

    [Fact]
    public async Task A_missing_PackageVersion_the_solution_uses_nowhere_is_refused_and_the_tree_is_left_byte_for_byte()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            CentrallyManaged(r);
            r.Replace(TestProject, "    <PackageReference Include=\"xunit\" />\n", "    <PackageReference Include=\"Markdig\" />\n    <PackageReference Include=\"xunit\" />\n");
        });
        var before = repository.Fingerprint();

        var result = await Run(repository);

        Assert.Equal(ExitCodes.NotHealed, result.ExitCode);
        Assert.Empty(result.Report.Fixes);
        Assert.Equal(before, repository.Fingerprint());
    }

    /// <summary>Moves the fixture's package versions into a Directory.Packages.props, with extra pins.</summary>
    private static void CentrallyManaged(FixtureRepository repository, params (string Id, string Version)[] extra)
    {
        (string Id, string Version)[] pins = [("Microsoft.NET.Test.Sdk", "18.0.1"), ("xunit", "2.9.3"), ("xunit.runner.visualstudio", "3.1.5"), .. extra];
        var versions = string.Concat(pins.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).Select(p => $"    <PackageVersion Include=\"{p.Id}\" Version=\"{p.Version}\" />\n"));
        repository.Write("Directory.Packages.props", $"<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n{versions}  </ItemGroup>\n</Project>\n");
        foreach (var (id, version) in pins.Take(3))
        {
            repository.Replace(TestProject, $"<PackageReference Include=\"{id}\" Version=\"{version}\" />", $"<PackageReference Include=\"{id}\" />");
        }
    }

    // Only the build is judged: these breaks are in what compiles, and a test run would add a minute to the suite for nothing.
    private static Task<RunResult> Run(FixtureRepository repository, string commit = "none")
    {
        var output = Path.Combine(Path.GetTempPath(), "ciagent-healrun", Guid.NewGuid().ToString("N"));
        var values = new CommandLineValues { Workspace = repository.Root, Out = output, Commit = commit, NoTests = true };
        var settings = SettingsResolver.Resolve(values, new Dictionary<string, string?>(), repository.Root);
        return new HealRun(settings, [new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)))], Logger.None).ExecuteAsync(CancellationToken.None);
    }
}
