using CiAgent.Strategies.Offline;

namespace CiAgent.Tests.Strategies;

public sealed class ProjectFileTextTests
{
    [Fact]
    public void A_package_goes_in_its_sorted_place_among_the_others_with_their_indentation_and_line_endings()
    {
        const string project = "<Project Sdk=\"Microsoft.NET.Sdk\">\r\n\t<ItemGroup>\r\n\t\t<PackageReference Include=\"Markdig\" Version=\"1.6.0\" />\r\n\t\t<PackageReference Include=\"xunit\" Version=\"2.9.3\" />\r\n\t</ItemGroup>\r\n</Project>\r\n";

        var text = ProjectFileText.AddItem(project, "\r\n", "PackageReference", "Serilog", ("Version", "4.4.0"));

        Assert.Equal(project.Replace("\t\t<PackageReference Include=\"xunit\"", "\t\t<PackageReference Include=\"Serilog\" Version=\"4.4.0\" />\r\n\t\t<PackageReference Include=\"xunit\"", StringComparison.Ordinal), text);
    }

    [Fact]
    public void An_unsorted_list_gets_the_item_after_its_last_one_even_when_that_spans_lines()
    {
        const string project = "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"xunit\" />\n    <PackageReference Include=\"Aardvark\">\n      <PrivateAssets>all</PrivateAssets>\n    </PackageReference>\n  </ItemGroup>\n</Project>";

        var text = ProjectFileText.AddItem(project, "\n", "PackageReference", "Markdig");

        Assert.Equal(project.Replace("    </PackageReference>\n", "    </PackageReference>\n    <PackageReference Include=\"Markdig\" />\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void A_first_item_of_its_kind_gets_a_new_item_group_before_the_end_of_the_project_indented_like_the_rest()
    {
        const string project = "<Project Sdk=\"Microsoft.NET.Sdk\">\n    <PropertyGroup>\n        <TargetFramework>net10.0</TargetFramework>\n    </PropertyGroup>\n    <ItemGroup Condition=\"'$(CI)' == 'true'\">\n        <ProjectReference Include=\"..\\Ci\\Ci.csproj\" />\n    </ItemGroup>\n</Project>\n";

        var text = ProjectFileText.AddItem(project, "\n", "ProjectReference", "..\\Lib\\Lib.csproj");

        Assert.Equal(project.Replace("</Project>", "    <ItemGroup>\n        <ProjectReference Include=\"..\\Lib\\Lib.csproj\" />\n    </ItemGroup>\n</Project>", StringComparison.Ordinal), text);
    }

    [Theory]
    [InlineData("<Project><ItemGroup><PackageReference Include=\"Markdig\" /></ItemGroup></Project>")]
    [InlineData("<Project><ItemGroup><PackageReference Include=\"markdig\" /></ItemGroup></Project>")]
    [InlineData("<Project><ItemGroup>")]
    public void An_item_already_there_or_a_file_that_is_not_XML_is_left_alone(string project)
    {
        Assert.Null(ProjectFileText.AddItem(project, "\n", "PackageReference", "Markdig"));
    }
}
