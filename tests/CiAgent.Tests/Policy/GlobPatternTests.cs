using CiAgent.Policy;

namespace CiAgent.Tests.Policy;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData(".github/**", ".github/workflows/ci.yml", true)]
    [InlineData(".github/**", ".github", false)]
    [InlineData("global.json", "global.json", true)]
    [InlineData("global.json", "src/global.json", false)]
    [InlineData("**/global.json", "src/global.json", true)]
    [InlineData("**/PublicAPI.*.txt", "src/Shop/PublicAPI.Shipped.txt", true)]
    [InlineData("**/PublicAPI.*.txt", "PublicAPI.Unshipped.txt", true)]
    [InlineData("**/*.g.cs", "obj/Debug/Thing.g.cs", true)]
    [InlineData("**/*.g.cs", "src/Thing.cs", false)]
    [InlineData("src/*.cs", "src/a/b.cs", false)]
    [InlineData("src/?.cs", "src/a.cs", true)]
    [InlineData("src/?.cs", "src/ab.cs", false)]
    [InlineData("docs/", "docs/guide/intro.md", true)]
    [InlineData("docs/", "docsite/intro.md", false)]
    [InlineData("src/**/Generated/*.cs", "src/Generated/A.cs", true)]
    [InlineData("src/**/Generated/*.cs", "src/x/y/Generated/A.cs", true)]
    [InlineData("*.props", "./Directory.Build.props", true)]
    [InlineData("*.props", "src\\Directory.Build.props", false)]
    public void A_pattern_matches_workspace_relative_paths(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(path));
    }

    [Fact]
    public void Matching_is_case_sensitive_unless_asked_otherwise()
    {
        Assert.False(new GlobPattern("**/*.designer.cs").IsMatch("Forms/Main.Designer.cs"));
        Assert.True(new GlobPattern("**/*.designer.cs", ignoreCase: true).IsMatch("Forms/Main.Designer.cs"));
    }
}
