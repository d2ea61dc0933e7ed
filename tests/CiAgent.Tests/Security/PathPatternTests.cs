using CiAgent.Security;

namespace CiAgent.Tests.Security;

public sealed class PathPatternTests
{
    [Theory]
    [InlineData("**/*.g.cs", "Foo.g.cs", true)]
    [InlineData("**/*.g.cs", "src/a/b/Foo.g.cs", true)]
    [InlineData("**/*.g.cs", "src/Foo.cs", false)]
    [InlineData(".github/", ".github/workflows/ci.yml", true)]
    [InlineData(".github/", "src/.github/x", true)]
    [InlineData("/.github/", "src/.github/x", false)]
    [InlineData("global.json", "global.json", true)]
    [InlineData("global.json", "src/global.json", true)]
    [InlineData("global.json", "global.jsonx", false)]
    [InlineData("**/PublicAPI.*.txt", "src/App/PublicAPI.Unshipped.txt", true)]
    [InlineData("src/Legacy", "src/Legacy/Old.cs", true)]
    [InlineData("src/*.cs", "src/a/Old.cs", false)]
    public void Globs_match_like_gitignore(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, new PathPattern(pattern).Matches(path));
    }
}
