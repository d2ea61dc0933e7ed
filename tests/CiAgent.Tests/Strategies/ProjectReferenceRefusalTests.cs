using CiAgent.Tests.EndToEnd;

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

        var outcome = await RestoredFixture.HealAsync(repository, "src/Geometry.Report");

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

        var outcome = await RestoredFixture.HealAsync(repository, "src/Geometry");

        Assert.Equal("CS0234", Assert.Single(outcome.ErrorsBefore).Id);
        Assert.Empty(outcome.Accepted);
        Assert.Empty(outcome.ChangedFiles);
    }
}
