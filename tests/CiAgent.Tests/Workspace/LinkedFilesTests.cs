using CiAgent.Workspace;

namespace CiAgent.Tests.Workspace;

/// <summary>Items that bring a file from outside its project's folder into a build, read from real project and MSBuild files in a temporary folder.</summary>
public sealed class LinkedFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ciagent-linked", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("""<Compile Include="..\Shared\Clock.cs" Link="Clock.cs" />""", true)]
    [InlineData("""<Compile Include="$(SharedDir)Clock.cs" />""", true)]
    [InlineData("""<EmbeddedResource Include="/etc/data.json" />""", true)]
    [InlineData("""<AdditionalFiles Include="Rules.txt;../stylecop.json" />""", true)]
    [InlineData("""<None Include="..\data\cases.csv" CopyToOutputDirectory="PreserveNewest" />""", true)]
    [InlineData("""<Content Include="..\data\cases.csv"><CopyToOutputDirectory>Always</CopyToOutputDirectory></Content>""", true)]
    [InlineData("""<None Include="..\..\README.md" Pack="true" PackagePath="\" />""", false)]
    [InlineData("""<None Include="..\data\cases.csv" CopyToOutputDirectory="Never" />""", false)]
    [InlineData("""<Compile Include="Generated\*.cs" />""", false)]
    [InlineData("""<Compile Remove="..\Shared\Clock.cs" />""", false)]
    [InlineData("""<ProjectReference Include="..\Core\Core.csproj" />""", false)]
    [InlineData("""<InternalsVisibleTo Include="$(AssemblyName).Tests" />""", false)]
    public void An_item_links_a_file_from_outside_its_project_only_when_its_path_leaves_the_folder_and_the_file_reaches_the_build(string item, bool linked)
    {
        var project = Write("src/App/App.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    {item}\n  </ItemGroup>\n</Project>\n");

        Assert.Equal(linked, LinkedFiles.Present([project], _root));
    }

    [Fact]
    public void A_props_file_anywhere_in_the_workspace_counts_but_one_under_bin_or_obj_does_not_and_an_unreadable_project_counts()
    {
        var project = Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        Write("src/App/obj/App.csproj.nuget.g.props", "<Project><ItemGroup><Compile Include=\"$(NuGetPackageRoot)x.cs\" /></ItemGroup></Project>");
        Assert.False(LinkedFiles.Present([project], _root));

        Write("build/Common.props", "<Project><ItemGroup><Compile Include=\"$(MSBuildThisFileDirectory)Shared.cs\" /></ItemGroup></Project>");
        Assert.True(LinkedFiles.Present([project], _root));

        File.Delete(Path.Combine(_root, "build", "Common.props"));
        Assert.True(LinkedFiles.Present([Write("src/Broken/Broken.csproj", "<Project")], _root));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
