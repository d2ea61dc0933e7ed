using CiAgent.Context;
using CiAgent.Tests.EndToEnd;
using Microsoft.CodeAnalysis;

namespace CiAgent.Tests.Context;

/// <summary>The SDK's source generators run in memory where a project uses them, and are skipped where it cannot (real dotnet restore and MSBuild).</summary>
public sealed class SourceGeneratorsInMemoryTests
{
    [Fact]
    public async Task A_generated_regex_compiles_in_memory_and_a_project_naming_no_generator_attribute_gets_no_generated_code()
    {
        const string Names = """
            using System.Text.RegularExpressions;

            namespace Geometry;

            public static partial class ShapeNames
            {
                [GeneratedRegex("^[A-Z][a-z]+$")]
                public static partial Regex Capitalised();

                public static bool IsCapitalised(string name) => Capitalised().IsMatch(name);
            }
            """;
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Write("src/Geometry/ShapeNames.cs", Names));
        var restore = await new CiAgent.Processes.ExternalCommand("dotnet").WithArguments("restore", "Geometry.sln").WithWorkingDirectory(repository.Root).ExecuteAsync();
        Assert.True(restore.Succeeded, restore.StandardOutput);
        var loader = new ProjectCompilationLoader(TimeSpan.FromMinutes(5));

        var library = await loader.LoadAsync(Path.Combine(repository.Root, "src/Geometry/Geometry.csproj"));
        var report = await loader.LoadAsync(Path.Combine(repository.Root, "src/Geometry.Report/Geometry.Report.csproj"));

        // Without the generator the partial method would have no implementation (CS8795); with it the library compiles as in the build.
        Assert.Empty(library.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(library.Compilation.SyntaxTrees, tree => tree.FilePath.Contains("RegexGenerator", StringComparison.Ordinal));
        Assert.All(report.Compilation.SyntaxTrees, tree => Assert.True(File.Exists(tree.FilePath), $"{tree.FilePath} was generated"));
    }
}
