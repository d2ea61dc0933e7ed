using CiAgent.Kernel;
using CiAgent.Policy;

namespace CiAgent.Tests.Policy;

public sealed class ExcludedTestRuleTests
{
    private const string TestProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" />
            <PackageReference Include="xunit" />
            <PackageReference Include="xunit.runner.visualstudio" />
          </ItemGroup>
        </Project>
        """;

    [Theory]
    [InlineData("<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net10.0</TargetFramework>\n    <IsTestProject>false</IsTestProject>", 4, "IsTestProject set to false, which takes tests out of the run")]
    [InlineData("<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net10.0</TargetFramework>\n    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>", 4, "EnableDefaultCompileItems set to false, which takes tests out of the run")]
    [InlineData("<PackageReference Include=\"xunit\" />", "<PackageReference Include=\"xunit\" />\n    <Compile Remove=\"CartTests.cs\" />", 8, "<Compile Remove=\"CartTests.cs\"> takes source files out of the build")]
    [InlineData("    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" />\n", "", 0, "the Microsoft.NET.Test.Sdk package reference was removed, so the tests would no longer be found or run")]
    [InlineData("<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net8.0</TargetFramework>", 3, "the test project's TargetFramework changed from net10.0 to net8.0")]
    public void Each_way_a_project_file_takes_tests_out_of_the_run_is_a_violation(string oldText, string newText, int line, string message)
    {
        var after = TestProject.Replace(oldText, newText, StringComparison.Ordinal);
        Assert.NotEqual(TestProject, after);

        var violation = Assert.Single(IntegrityPolicy.Check([new FileChange("tests/Shop.Tests/Shop.Tests.csproj", TestProject, after, IsTestFile: true)], IntegrityPolicyOptions.Default));

        Assert.Equal(new PolicyViolation(ExcludedTestRule.RuleId, "tests/Shop.Tests/Shop.Tests.csproj", line, message), violation);
    }

    [Theory]
    [InlineData("2.9.3", "2.4.0", true)]
    [InlineData("2.9.3", "2.9.4", false)]
    [InlineData("2.9.0", "2.9", false)]
    [InlineData("2.9.3", "[2.9.3, )", false)]
    [InlineData("2.9.3", "[2.9.3,3.0.0)", false)]
    [InlineData("2.9.3", "[2.9.3]", false)]
    [InlineData("2.9.3", "(2.9.3,)", false)]
    [InlineData("2.9.3", "[2.4.0, )", true)]
    [InlineData("2.9.3", "(, 3.0.0]", true)]
    [InlineData("2.9.3", "2.*", false)]
    [InlineData("2.9.3", "2.9.*", false)]
    [InlineData("2.9.3", "3.*", false)]
    [InlineData("2.9.3", "2.4.*", true)]
    [InlineData("2.9.3", "*", false)]
    [InlineData("2.9.3", "$(XunitVersion)", true)]
    [InlineData("[2.9.3, )", "2.9.4", false)]
    [InlineData("2.*", "2.9.4", true)]
    public void A_test_package_version_change_is_a_downgrade_only_when_it_can_resolve_below_the_old_one(string before, string after, bool downgrade)
    {
        string Project(string version) => TestProject.Replace("<PackageReference Include=\"xunit\" />", $"<PackageReference Include=\"xunit\" Version=\"{version}\" />", StringComparison.Ordinal);

        var violations = IntegrityPolicy.Check([new FileChange("tests/Shop.Tests/Shop.Tests.csproj", Project(before), Project(after), IsTestFile: true)], IntegrityPolicyOptions.Default);

        Assert.Equal(downgrade, violations.Any(v => v.Rule == ExcludedTestRule.RuleId && v.Message.Contains("downgraded", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_test_project_excluded_from_a_new_Directory_Build_props_is_a_violation_too()
    {
        const string Props = "<Project>\n  <PropertyGroup>\n    <IsTestProject>false</IsTestProject>\n  </PropertyGroup>\n</Project>\n";

        var violation = Assert.Single(IntegrityPolicy.Check([new FileChange("tests/Directory.Build.props", null, Props, IsTestFile: false)], IntegrityPolicyOptions.Default));

        Assert.Equal(ExcludedTestRule.RuleId, violation.Rule);
        Assert.Equal(3, violation.Line);
    }

    [Fact]
    public void Adding_a_package_or_retargeting_a_library_is_not_excluding_tests()
    {
        var added = TestProject.Replace("<PackageReference Include=\"xunit\" />", "<PackageReference Include=\"xunit\" />\n    <PackageReference Include=\"Shouldly\" />", StringComparison.Ordinal);
        var retargeted = TestProject.Replace("net10.0", "net9.0", StringComparison.Ordinal);

        Assert.Empty(IntegrityPolicy.Check([new FileChange("tests/Shop.Tests/Shop.Tests.csproj", TestProject, added, IsTestFile: true)], IntegrityPolicyOptions.Default));
        Assert.Empty(IntegrityPolicy.Check([new FileChange("src/Shop/Shop.csproj", TestProject, retargeted, IsTestFile: false)], IntegrityPolicyOptions.Default));
    }
}
