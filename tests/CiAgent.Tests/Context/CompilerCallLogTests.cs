using System.Text.Json;
using CiAgent.Context;
using CiAgent.Intake;

namespace CiAgent.Tests.Context;

/// <summary>Compiler command lines come from the calls CiAgent's logger recorded in the baseline build where it compiled the project, from MSBuild where it did not.</summary>
public sealed class CompilerCallLogTests(BrokenGeometryBuild geometry) : IClassFixture<BrokenGeometryBuild>
{
    [Fact]
    public async Task The_recorded_call_gives_the_same_compiler_arguments_as_the_MSBuild_pass_for_a_project_it_compiled()
    {
        var library = geometry.Project("src/Geometry/Geometry.csproj");
        Assert.Contains(geometry.Build.Errors, e => e.Code == "CS0246");

        var recorded = geometry.Log.CompilerCallFor(library);
        var (framework, arguments) = await new ProjectCompilationLoader(TimeSpan.FromMinutes(5)).AskMsBuildAsync(library, CancellationToken.None);

        Assert.NotNull(recorded);
        Assert.Equal(arguments, recorded.Arguments);
        Assert.Equal("net10.0", framework);
        Assert.False(File.Exists(geometry.Log.Path), "the log was kept after it was read");
        Assert.False(Directory.Exists(Path.GetDirectoryName(geometry.Log.Path)), "the log's folder was kept after it was read");
    }

    [Fact]
    public async Task A_prefetched_MSBuild_pass_gives_the_load_the_same_arguments_and_skips_projects_the_log_holds()
    {
        var library = geometry.Project("src/Geometry/Geometry.csproj");
        var report = geometry.Project("src/Geometry.Report/Geometry.Report.csproj");
        var loader = new ProjectCompilationLoader(TimeSpan.FromMinutes(5));
        loader.UseCompilerCallsFrom(geometry.Log);
        var (_, asked) = await loader.AskMsBuildAsync(report, CancellationToken.None);

        loader.Prefetch([library, report], CancellationToken.None);
        var compilation = await loader.LoadAsync(report);

        Assert.Equal("net10.0", compilation.TargetFramework);
        Assert.Equal(
            asked.Where(a => a[0] is not ('/' or '-') && a.EndsWith(".cs", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            compilation.Compilation.SyntaxTrees.Select(t => t.FilePath).Where(p => p.EndsWith(".cs", StringComparison.Ordinal)).Select(p => Path.GetRelativePath(Path.GetDirectoryName(report)!, p)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Projects_asked_together_get_from_one_MSBuild_pass_the_arguments_each_gets_alone()
    {
        var report = geometry.Project("src/Geometry.Report/Geometry.Report.csproj");
        var tests = geometry.Project("tests/Geometry.Tests/Geometry.Tests.csproj");
        var loader = new ProjectCompilationLoader(TimeSpan.FromMinutes(5));

        var together = await loader.AskMsBuildAsync([report, tests], CancellationToken.None);

        foreach (var project in new[] { report, tests })
        {
            var (framework, arguments) = await loader.AskMsBuildAsync(project, CancellationToken.None);
            Assert.Equal(arguments, together[project].Arguments);
            Assert.Equal(framework, together[project].TargetFramework);
        }
    }

    [Fact]
    public async Task A_project_skipped_behind_a_failing_dependency_is_loaded_through_the_MSBuild_pass()
    {
        var report = geometry.Project("src/Geometry.Report/Geometry.Report.csproj");
        var loader = new ProjectCompilationLoader(TimeSpan.FromMinutes(5));
        loader.UseCompilerCallsFrom(geometry.Log);

        Assert.Null(geometry.Log.CompilerCallFor(report));
        var compilation = await loader.LoadAsync(report);

        Assert.Equal("net10.0", compilation.TargetFramework);
        Assert.Contains(compilation.Compilation.SyntaxTrees, tree => tree.FilePath.EndsWith("Program.cs", StringComparison.Ordinal));
        Assert.NotNull(geometry.Log.CompilerCallFor(geometry.Project("src/Geometry/Geometry.csproj")));
    }

    [Fact]
    public void The_log_holds_each_compiler_call_s_project_framework_and_command_line_and_nothing_else()
    {
        var lines = geometry.LogText.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Single(lines);
        using var call = JsonDocument.Parse(lines[0]);
        Assert.Equal(["project", "targetFramework", "commandLine"], call.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(geometry.Project("src/Geometry/Geometry.csproj"), call.RootElement.GetProperty("project").GetString());
        Assert.Contains("ShapeTable.cs", call.RootElement.GetProperty("commandLine").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"project\":\"/w/A.csproj\",\"targetFramework\":null,\"commandLine\":\"csc /out:A.dll A.cs\"}\n{\"project\":\"/w/B.cs")]
    [InlineData("{\"project\":\"/w/A.csproj\",\"targetFramework\":null,\"commandLine\":\"csc A.cs\"}\n{\"project\":null,\"targetFramework\":null,\"commandLine\":\"csc B.cs\"}\n")]
    public void A_log_that_is_not_the_logger_s_answers_no_calls_so_every_project_falls_back_and_is_still_deleted(string text)
    {
        var temporary = Path.Combine(Path.GetTempPath(), "ciagent-calls-tests", Guid.NewGuid().ToString("N"));
        using var log = CompilerCallLog.TryCreate(Path.Combine(temporary, "workspace"), temporary)!;
        File.WriteAllText(log.Path, text);

        Assert.Null(log.CompilerCallFor("/w/A.csproj"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(log.Path)));
        Directory.Delete(temporary, recursive: true);
    }

    [Theory]
    [InlineData("netstandard2.0,net462,net8.0,net9.0", "net9.0")]
    [InlineData("net9.0,net6.0,net8.0", "net9.0")]
    [InlineData("net10.0-windows,netstandard2.0", "net10.0-windows")]
    [InlineData("netstandard2.0,net462", "netstandard2.0")]
    [InlineData("netcoreapp3.1,net48", "netcoreapp3.1")]
    public void A_multi_targeted_project_is_checked_against_its_newest_modern_dotnet_framework_else_its_first(string dispatched, string expected)
    {
        var temporary = Path.Combine(Path.GetTempPath(), "ciagent-calls-tests", Guid.NewGuid().ToString("N"));
        using var log = CompilerCallLog.TryCreate(Path.Combine(temporary, "workspace"), temporary)!;
        File.WriteAllLines(log.Path, dispatched.Split(',').Select(framework =>
            JsonSerializer.Serialize(new { project = "/w/A.csproj", targetFramework = framework, commandLine = $"csc /define:{framework.Replace('.', '_')} A.cs" })));

        var call = log.CompilerCallFor("/w/A.csproj");

        Assert.Equal(expected, call?.TargetFramework);
        Assert.Contains($"/define:{expected.Replace('.', '_')}", call!.Arguments);
        Directory.Delete(temporary, recursive: true);
    }

    [Fact]
    public void A_log_is_never_made_inside_the_workspace_nor_without_the_logger_beside_ciagent()
    {
        var workspace = Path.Combine(Path.GetTempPath(), "ciagent-calls-tests", Guid.NewGuid().ToString("N"));

        Assert.Null(CompilerCallLog.TryCreate(workspace, Path.Combine(workspace, "tmp")));
        Assert.Null(CompilerCallLog.TryCreate(workspace, workspace));
        Assert.Null(CompilerCallLog.TryCreate(workspace, loggerDirectory: Path.Combine(workspace, "elsewhere")));
        Assert.False(Directory.Exists(workspace));
    }
}
