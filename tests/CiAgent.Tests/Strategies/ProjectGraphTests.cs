using CiAgent.Strategies.Offline;

namespace CiAgent.Tests.Strategies;

public sealed class ProjectGraphTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ciagent-graph", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_solution_lists_its_projects_after_the_ones_they_reference_and_knows_who_depends_on_whom()
    {
        var core = Project("src/Core/Core.csproj");
        var app = Project("src/App/App.csproj", @"..\Core\Core.csproj");
        var tests = Project("tests/App.Tests/App.Tests.csproj", @"..\..\src\App\App.csproj", "$(Root)/Other.csproj");
        Write("Shop.sln", "Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"App.Tests\", \"tests\\App.Tests\\App.Tests.csproj\", \"{1}\"\nEndProject\n"
            + "Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"App\", \"src\\App\\App.csproj\", \"{2}\"\nEndProject\n"
            + "Project(\"{2150E333-8FDC-42A3-9474-1A3956D46DE8}\") = \"docs\", \"docs\", \"{3}\"\nEndProject\n");

        var graph = ProjectGraph.Of(Path.Combine(_root, "Shop.sln"));

        // Core is not in the solution but is built as App's reference, so it belongs to the build.
        Assert.Equal([core, app, tests], graph.Order);
        Assert.Equal([app], graph.DependantsOf(core));
        Assert.True(graph.DependsOn(tests, core));
        Assert.False(graph.DependsOn(core, tests));
    }

    [Fact]
    public void A_slnx_is_read_and_a_project_target_covers_only_what_it_references()
    {
        var core = Project("src/Core/Core.csproj");
        var app = Project("src/App/App.csproj", "../Core/Core.csproj");
        Write("Shop.slnx", "<Solution>\n  <Folder Name=\"/src/\">\n    <Project Path=\"src/App/App.csproj\" />\n    <Project Path=\"src/Core/Core.csproj\" />\n  </Folder>\n</Solution>\n");

        Assert.Equal([core, app], ProjectGraph.Of(Path.Combine(_root, "Shop.slnx")).Order);
        Assert.Equal([core], ProjectGraph.Of(core).Order);
        Assert.Empty(ProjectGraph.Of(core).DependantsOf(core));
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Project(string relative, params string[] references)
    {
        var items = string.Concat(references.Select(r => $"    <ProjectReference Include=\"{r}\" />\n"));
        return Write(relative, $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n{items}  </ItemGroup>\n</Project>\n");
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
