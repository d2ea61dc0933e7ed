using CiAgent.Verification;

namespace CiAgent.Tests.Verification;

/// <summary>When builds and test runs skip MSBuild's worker nodes, read from real project files in a temporary folder.</summary>
public sealed class OneNodeBuildsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ciagent-nodes-").FullName;

    [Fact]
    public void A_chain_of_single_framework_projects_builds_in_msbuilds_own_process()
    {
        Project("src/Core/Core.csproj", "<TargetFramework>net10.0</TargetFramework>");
        var tests = Project("tests/Core.Tests/Core.Tests.csproj", "<TargetFramework>net10.0</TargetFramework>", "../../src/Core/Core.csproj");

        Assert.True(OneNodeBuilds.Suffice(tests));
    }

    [Fact]
    public void One_framework_written_in_the_plural_element_builds_in_msbuilds_own_process_too()
    {
        Project("src/Core/Core.csproj", "<TargetFrameworks>net10.0</TargetFrameworks>");
        var tests = Project("tests/Core.Tests/Core.Tests.csproj", "<TargetFramework>net10.0</TargetFramework>", "../../src/Core/Core.csproj");

        Assert.True(OneNodeBuilds.Suffice(tests));
    }

    [Fact]
    public void Several_frameworks_named_in_a_directory_props_file_keep_the_worker_nodes()
    {
        Project("src/Core/Core.csproj", "");
        var tests = Project("tests/Core.Tests/Core.Tests.csproj", "", "../../src/Core/Core.csproj");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project><PropertyGroup><TargetFrameworks>net8.0;net10.0</TargetFrameworks></PropertyGroup></Project>");

        Assert.False(OneNodeBuilds.Suffice(tests));
    }

    [Fact]
    public void Projects_that_could_build_side_by_side_keep_the_worker_nodes()
    {
        Project("src/Core/Core.csproj", "");
        Project("src/Web/Web.csproj", "", "../Core/Core.csproj");
        Project("src/Cli/Cli.csproj", "", "../Core/Core.csproj");
        File.WriteAllText(Path.Combine(_root, "Shop.slnx"), "<Solution>\n  <Project Path=\"src/Web/Web.csproj\" />\n  <Project Path=\"src/Cli/Cli.csproj\" />\n</Solution>\n");

        Assert.False(OneNodeBuilds.Suffice(Path.Combine(_root, "Shop.slnx")));
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Project(string relative, string properties, params string[] references)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var items = string.Concat(references.Select(r => $"    <ProjectReference Include=\"{r}\" />\n"));
        File.WriteAllText(path, $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>{properties}</PropertyGroup>\n  <ItemGroup>\n{items}  </ItemGroup>\n</Project>\n");
        return path;
    }
}
