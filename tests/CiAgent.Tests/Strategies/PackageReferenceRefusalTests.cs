using CiAgent.Tests.EndToEnd;

namespace CiAgent.Tests.Strategies;

/// <summary>The package-reference fixer on a restored fixture repository: the library starts to log, and its siblings reference Serilog.</summary>
public sealed class PackageReferenceRefusalTests
{
    [Fact]
    public async Task A_package_that_two_siblings_reference_at_different_versions_is_refused()
    {
        using var repository = await LoggingFixture(reportVersion: "4.4.0", logsVersion: "4.0.0");

        var outcome = await RestoredFixture.HealAsync(repository, "src/Geometry");

        Assert.Equal("CS0246", Assert.Single(outcome.ErrorsBefore).Id);
        Assert.Empty(outcome.Accepted);
        Assert.Empty(outcome.ChangedFiles);
    }

    [Fact]
    public async Task The_same_package_at_one_version_is_added_and_checked_in_memory_with_the_assemblies_restore_resolved()
    {
        using var repository = await LoggingFixture(reportVersion: "4.4.0", logsVersion: "4.4.0");

        var outcome = await RestoredFixture.HealAsync(repository, "src/Geometry");

        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("Added a reference to package Serilog 4.4.0 for Serilog, as Geometry.Logs.csproj has", fix.Description);
        Assert.EndsWith("  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Serilog\" Version=\"4.4.0\" />\n  </ItemGroup>\n</Project>\n", Assert.Single(outcome.ChangedFiles).Value, StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }

    private static Task<FixtureRepository> LoggingFixture(string reportVersion, string logsVersion) =>
        FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Replace("src/Geometry.Report/Geometry.Report.csproj", "  <ItemGroup>\n    <ProjectReference", $"  <ItemGroup>\n    <PackageReference Include=\"Serilog\" Version=\"{reportVersion}\" />\n    <ProjectReference");
            r.Write("src/Geometry.Logs/Geometry.Logs.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Serilog\" Version=\"{logsVersion}\" />\n  </ItemGroup>\n</Project>\n");
            // A .slnx lists the new project without the configuration table a .sln would need.
            File.Delete(Path.Combine(r.Root, "Geometry.sln"));
            r.Write("Geometry.slnx", "<Solution>\n  <Project Path=\"src/Geometry/Geometry.csproj\" />\n  <Project Path=\"src/Geometry.Logs/Geometry.Logs.csproj\" />\n  <Project Path=\"src/Geometry.Report/Geometry.Report.csproj\" />\n  <Project Path=\"tests/Geometry.Tests/Geometry.Tests.csproj\" />\n</Solution>\n");
            r.Write("src/Geometry/Logging.cs", "namespace Geometry;\n\npublic static class Logging\n{\n    public static Serilog.ILogger? Log { get; set; }\n}\n");
        });
}
