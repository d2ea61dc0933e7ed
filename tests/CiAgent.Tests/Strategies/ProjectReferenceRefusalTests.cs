using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Processes;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.EndToEnd;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Serilog.Core;

namespace CiAgent.Tests.Strategies;

/// <summary>The project-reference fixer's refusals on restored fixture repositories: projects, files and references come from disk; the failing project compiles in memory.</summary>
public sealed class ProjectReferenceRefusalTests
{
    [Fact]
    public async Task A_type_that_two_unreferenced_projects_declare_is_refused()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Replace("src/Geometry.Report/Geometry.Report.csproj", "  <ItemGroup>\n    <ProjectReference Include=\"..\\Geometry\\Geometry.csproj\" />\n  </ItemGroup>\n", "");
            // A second project declares Circle too, so which one the console app meant is a person's call.
            r.Write("src/Geometry.Legacy/Geometry.Legacy.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n");
            r.Write("src/Geometry.Legacy/Circle.cs", "namespace Geometry;\n\npublic class Circle(double radius)\n{\n    public double Radius => radius;\n}\n");
            r.Replace("Geometry.sln", "\nGlobal\n", "\nProject(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"Geometry.Legacy\", \"src\\Geometry.Legacy\\Geometry.Legacy.csproj\", \"{6D5B7E8A-1C2D-4E3F-9A0B-1C2D3E4F5A6B}\"\nEndProject\nGlobal\n");
        });

        var outcome = await Heal(repository, "src/Geometry.Report");

        Assert.Contains(outcome.ErrorsBefore, e => e.Id == "CS0246" && e.GetMessage().Contains("'Circle'", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Accepted, fix => fix.FixerName == "project-reference");
        Assert.DoesNotContain(outcome.ChangedFiles.Keys, path => path.EndsWith(".csproj", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reference_that_would_make_a_cycle_is_refused()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r =>
        {
            // The library reaches for a constant only the console app declares, and the console app already references the library.
            r.Write("src/Geometry.Report/ReportFormat.cs", "namespace Geometry.Report;\n\npublic static class ReportFormat\n{\n    public const string Unit = \"m\";\n}\n");
            r.Replace("src/Geometry/ShapeTable.cs", "table.AppendLine(shape.Describe());", "table.AppendLine(shape.Describe() + Geometry.Report.ReportFormat.Unit);");
        });

        var outcome = await Heal(repository, "src/Geometry");

        Assert.Equal("CS0234", Assert.Single(outcome.ErrorsBefore).Id);
        Assert.Empty(outcome.Accepted);
        Assert.Empty(outcome.ChangedFiles);
    }

    /// <summary>Restores the fixture for real, so the loader could load any project the fixer picked, then compiles one project's own files in memory and runs the dependency engine on it.</summary>
    private static async Task<OfflineFixOutcome> Heal(FixtureRepository repository, string projectFolder)
    {
        var restore = await new ExternalCommand("dotnet").WithArguments(["restore", "-nologo"]).WithWorkingDirectory(repository.Root).ExecuteAsync();
        Assert.True(restore.Succeeded, restore.StandardOutput);
        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, false, Logger.None, CancellationToken.None);
        var folder = Path.Combine(repository.Root, projectFolder);
        var project = Directory.GetFiles(folder, "*.csproj").Single();
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var implicitUsings = CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq;", options, Path.Combine(folder, "obj", "GlobalUsings.g.cs"));
        var trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), options, file))
            .Append(implicitUsings);
        var outputKind = File.ReadAllText(project).Contains("<OutputType>Exe</OutputType>", StringComparison.Ordinal) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(project), trees, InMemoryProject.Compile().References, new CSharpCompilationOptions(outputKind));
        return await new DependencyFixEngine(workspace, new ProjectCompilationLoader(TimeSpan.FromMinutes(5))).RunAsync(new ProjectCompilation(project, "net10.0", compilation), CancellationToken.None);
    }
}
