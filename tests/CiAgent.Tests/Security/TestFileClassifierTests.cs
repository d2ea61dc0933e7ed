using CiAgent.Security;

namespace CiAgent.Tests.Security;

public sealed class TestFileClassifierTests
{
    [Theory]
    [InlineData("test/Foo.cs", true)]
    [InlineData("tests/Unit/Foo.cs", true)]
    [InlineData("src/App.Tests/Foo.cs", true)]
    [InlineData("src/App.Test/Foo.cs", true)]
    [InlineData("src/App.UnitTests/Foo.cs", true)]
    [InlineData("src/App.IntegrationTests/Foo.cs", true)]
    [InlineData("src/App.Specs/Foo.cs", true)]
    [InlineData("src/App/Foo.cs", false)]
    [InlineData("src/Testing/Foo.cs", false)]
    [InlineData("tests.cs", false)]
    public void Conventional_test_folders_make_a_test_file(string path, bool expected)
    {
        Assert.Equal(expected, TestFileClassifier.IsInTestFolder(path));
    }

    [Theory]
    [InlineData("""<Project><ItemGroup><PackageReference Include="xunit.v3" /></ItemGroup></Project>""", true)]
    [InlineData("""<Project><ItemGroup><PackageReference Include="NUnit" Version="4.0.0" /></ItemGroup></Project>""", true)]
    [InlineData("""<Project><ItemGroup><PackageReference Include="MSTest.TestFramework" /></ItemGroup></Project>""", true)]
    [InlineData("""<Project><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>""", true)]
    [InlineData("""<Project Sdk="MSTest.Sdk/3.6.0"></Project>""", true)]
    [InlineData("""<Project><ItemGroup><PackageReference Include="Serilog" /></ItemGroup></Project>""", false)]
    [InlineData("""<Project><PropertyGroup><IsTestProject>false</IsTestProject></PropertyGroup></Project>""", false)]
    [InlineData("""<Project><ItemGroup><PackageReference Include="xunit" """, true)]
    public void A_project_that_references_a_test_framework_is_a_test_project(string xml, bool expected)
    {
        Assert.Equal(expected, TestFileClassifier.IsTestProjectText(xml));
    }

    [Fact]
    public void The_nearest_project_up_the_tree_decides_and_a_later_edit_to_it_changes_nothing()
    {
        using var workspace = new TinyWorkspace();
        var classifier = new TestFileClassifier(workspace.Root);

        Assert.True(classifier.IsTestFile(workspace.PathOf("qa/Checks/Sub/Probe.cs")));
        Assert.False(classifier.IsTestFile(workspace.PathOf("src/App/Calculator.cs")));

        // A model that strips the test references must not thereby make the tests editable.
        workspace.Write("qa/Checks/Checks.csproj", "<Project />");
        Assert.True(classifier.IsTestFile(workspace.PathOf("qa/Checks/Sub/Probe.cs")));
    }
}
