using CiAgent.Workspace;

namespace CiAgent.Tests.Workspace;

/// <summary>The project graph read from real solution and project files in a temporary folder.</summary>
public sealed class ProjectGraphTests : IDisposable
{
    private const string CSharpProjectType = "FAE04EC0-301F-11D3-BF4B-00C04F79EFBC";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ciagent-graph", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_solution_lists_its_projects_after_the_ones_they_reference_and_knows_who_depends_on_whom()
    {
        var core = Project("src/Core/Core.csproj");
        var app = Project("src/App/App.csproj", @"..\Core\Core.csproj");
        var tests = Project("tests/App.Tests/App.Tests.csproj", @"..\..\src\App\App.csproj", "$(Root)/Other.csproj");
        Write("Shop.sln", Line("App.Tests", @"tests\App.Tests\App.Tests.csproj") + Line("App", @"src\App\App.csproj")
            + "Project(\"{2150E333-8FDC-42A3-9474-1A3956D46DE8}\") = \"docs\", \"docs\", \"{3}\"\nEndProject\n");

        var graph = ProjectGraph.Read(Path.Combine(_root, "Shop.sln"));

        // Core is not in the solution but is built as App's reference, so it belongs to the build.
        Assert.Equal([core, app, tests], graph.Order);
        Assert.Equal([app], graph.DependantsOf(core));
        Assert.True(graph.DependsOn(tests, core));
        Assert.False(graph.DependsOn(core, tests));
        // The property-built reference is not followed, and says so.
        Assert.False(graph.Complete);
        Assert.Equal([app], graph.ReferencesOf(tests));
    }

    [Fact]
    public void A_project_a_solution_lists_but_never_builds_is_no_part_of_its_graph_unless_a_built_project_references_it()
    {
        var core = Project("src/Core/Core.csproj");
        var app = Project("src/App/App.csproj", "../Core/Core.csproj");
        Project("samples/Web/Web.csproj", "../../src/App/App.csproj");
        string Built(string guid) => $"\t\t{{{guid}}}.Debug|Any CPU.ActiveCfg = Debug|Any CPU\n\t\t{{{guid}}}.Debug|Any CPU.Build.0 = Debug|Any CPU\n";
        var (coreGuid, appGuid, webGuid) = ("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "33333333-3333-3333-3333-333333333333");
        Write("Shop.sln", SlnLine("Core", @"src\Core\Core.csproj", coreGuid) + SlnLine("App", @"src\App\App.csproj", appGuid) + SlnLine("Web", @"samples\Web\Web.csproj", webGuid)
            + "Global\n\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\n" + Built(appGuid)
            + $"\t\t{{{webGuid}}}.Debug|Any CPU.ActiveCfg = Debug|Any CPU\n\tEndGlobalSection\nEndGlobal\n");
        Write("Shop.slnx", "<Solution>\n  <Project Path=\"src/App/App.csproj\" />\n  <Project Path=\"samples/Web/Web.csproj\">\n    <Build Project=\"false\" />\n  </Project>\n</Solution>\n");

        // Core has no Build.0 line either, but App references it, so the build builds it.
        Assert.Equal([core, app], ProjectGraph.Read(Path.Combine(_root, "Shop.sln")).Order);
        Assert.Equal([core, app], ProjectGraph.Read(Path.Combine(_root, "Shop.slnx")).Order);
        Assert.Equal(3, ProjectGraph.ListedIn(Path.Combine(_root, "Shop.sln"))!.Count);
    }

    [Fact]
    public void A_slnx_is_read_and_a_project_target_covers_only_what_it_references()
    {
        var core = Project("src/Core/Core.csproj");
        var app = Project("src/App/App.csproj", "../Core/Core.csproj");
        Write("Shop.slnx", "<Solution>\n  <Folder Name=\"/src/\">\n    <Project Path=\"src/App/App.csproj\" />\n    <Project Path=\"src/Core/Core.csproj\" />\n  </Folder>\n</Solution>\n");

        var graph = ProjectGraph.Read(Path.Combine(_root, "Shop.slnx"));

        Assert.Equal([core, app], graph.Order);
        Assert.True(graph.Complete);
        Assert.Equal([core], ProjectGraph.Read(core).Order);
        Assert.Empty(ProjectGraph.Read(core).DependantsOf(core));
    }

    [Fact]
    public void A_file_belongs_to_the_nearest_project_above_it_and_an_edit_reaches_its_dependants_whose_tops_build_them_all()
    {
        var core = Project("src/Core/Core.csproj");
        var app = Project("src/App/App.csproj", "../Core/Core.csproj");
        var tests = Project("tests/App.Tests/App.Tests.csproj", "../../src/App/App.csproj");
        File.WriteAllText(tests, File.ReadAllText(tests).Replace("<ItemGroup>", "<ItemGroup>\n    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" />", StringComparison.Ordinal));
        Project("tools/Loose/Loose.csproj");
        Write("Shop.sln", Line("App.Tests", @"tests\App.Tests\App.Tests.csproj"));

        var graph = ProjectGraph.Read(Path.Combine(_root, "Shop.sln"));

        Assert.Equal(core, graph.Owner(Path.Combine(_root, "src", "Core", "Shapes", "Circle.cs")));
        Assert.Equal(app, graph.Owner(Path.Combine(_root, "src", "App", "Program.cs")));
        // A project the target does not build claims its own files: they belong to no project of the graph.
        Assert.Null(graph.Owner(Path.Combine(_root, "tools", "Loose", "Tool.cs")));
        Assert.Null(graph.Owner(Path.Combine(_root, "README.md")));

        Assert.Equal([app, core, tests], graph.WithDependants([core]).Order(StringComparer.Ordinal));
        Assert.Equal([app, tests], graph.WithDependants([app]).Order(StringComparer.Ordinal));
        Assert.Equal([app], graph.Tops(new HashSet<string>([core, app])));
        Assert.Equal([tests], graph.Tops(graph.WithDependants([core])));
        Assert.Equal([tests], ProjectGraph.TestProjects(graph.Projects));
    }

    [Fact]
    public void A_reference_the_files_do_not_show_literally_makes_the_graph_incomplete()
    {
        var core = Project("src/Core/Core.csproj");
        Assert.True(ProjectGraph.Read(core).Complete);

        var wildcard = Project("src/Wild/Wild.csproj", "../*/*.csproj");
        Assert.False(ProjectGraph.Read(wildcard).Complete);

        var missing = Project("src/App/App.csproj", "../Gone/Gone.csproj");
        var graph = ProjectGraph.Read(missing);
        Assert.False(graph.Complete);
        Assert.Equal([missing], graph.Order);

        var broken = Write("src/Broken/Broken.csproj", "<Project><ItemGroup>");
        Assert.False(ProjectGraph.Read(broken).Complete);
        Assert.False(ProjectGraph.Read(Write("Broken.slnx", "<Solution>")).Complete);

        // A Directory.Build.props may add references to every project below it, which reading the project files cannot see.
        Write("src/Directory.Build.props", "<Project><ItemGroup><ProjectReference Include=\"$(MSBuildThisFileDirectory)Core/Core.csproj\" /></ItemGroup></Project>");
        Assert.False(ProjectGraph.Read(core).Complete);
    }

    [Fact]
    public void A_list_of_references_in_one_include_is_split_and_the_includes_are_kept_as_written()
    {
        var core = Project("src/Core/Core.csproj");
        var data = Project("src/Data/Data.fsproj");
        var app = Project("src/App/App.csproj", @"..\Core\Core.csproj; ..\Data\Data.fsproj");

        var graph = ProjectGraph.Read(app);

        Assert.Equal([core, data], graph.ReferencesOf(app));
        Assert.Equal([core, data, app], graph.Order);
        Assert.Equal([@"..\Core\Core.csproj", @"..\Data\Data.fsproj"], ProjectGraph.DeclaredReferences(app));
        Assert.Empty(ProjectGraph.DeclaredReferences(Path.Combine(_root, "none.csproj")));
    }

    [Fact]
    public void A_cycle_is_read_once_and_cut_where_it_closes()
    {
        var first = Project("src/First/First.csproj", "../Second/Second.csproj");
        var second = Project("src/Second/Second.csproj", "../First/First.csproj");

        var graph = ProjectGraph.Read(first);

        Assert.Equal([second, first], graph.Order);
        Assert.True(graph.DependsOn(first, first));
        Assert.Equal([first], graph.DependantsOf(second));
        Assert.Equal([first, second], graph.WithDependants([second]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Projects_that_can_only_be_built_one_after_another_form_one_chain_and_two_siblings_do_not()
    {
        var core = Project("src/Core/Core.csproj");
        var app = Project("src/App/App.csproj", "../Core/Core.csproj");
        var tests = Project("tests/App.Tests/App.Tests.csproj", "../../src/App/App.csproj", "../../src/Core/Core.csproj");

        Assert.True(ProjectGraph.Read(tests).IsOneChain);
        Assert.True(ProjectGraph.Read(core).IsOneChain);

        var more = Project("tests/Core.Tests/Core.Tests.csproj", "../../src/Core/Core.csproj");
        Write("Shop.slnx", "<Solution>\n  <Project Path=\"tests/App.Tests/App.Tests.csproj\" />\n  <Project Path=\"tests/Core.Tests/Core.Tests.csproj\" />\n</Solution>\n");

        Assert.Contains(more, ProjectGraph.Read(Path.Combine(_root, "Shop.slnx")).Order);
        Assert.False(ProjectGraph.Read(Path.Combine(_root, "Shop.slnx")).IsOneChain);
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string SlnLine(string name, string path, string guid) => $"Project(\"{{{CSharpProjectType}}}\") = \"{name}\", \"{path}\", \"{{{guid}}}\"\nEndProject\n";

    private static string Line(string name, string path) => $"Project(\"{{{CSharpProjectType}}}\") = \"{name}\", \"{path}\", \"{{{Guid.NewGuid()}}}\"\nEndProject\n";

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
