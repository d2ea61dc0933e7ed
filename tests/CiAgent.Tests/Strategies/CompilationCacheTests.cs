using CiAgent.Strategies;

namespace CiAgent.Tests.Strategies;

public sealed class CompilationCacheTests
{
    [Fact]
    public void A_compilation_kept_unchecked_is_checked_once_when_first_asked_for()
    {
        var cache = new CompilationCache();
        var compilation = InMemoryProject.Compile(("C.cs", "namespace App;\n\npublic class C { }\n"));
        var checks = 0;

        cache.KeepUnchecked("App.csproj", compilation, null, _ => ++checks > 0);

        Assert.Equal(0, checks);
        Assert.Same(compilation, cache.Find("App.csproj"));
        Assert.Same(compilation, cache.Find("App.csproj"));
        Assert.Equal(1, checks);
    }

    [Fact]
    public void A_compilation_its_check_finds_unfaithful_is_forgotten()
    {
        var cache = new CompilationCache();
        cache.KeepUnchecked("App.csproj", InMemoryProject.Compile(("C.cs", "namespace App;\n")), null, _ => false);

        Assert.Null(cache.Find("App.csproj"));
        Assert.Null(cache.Find("App.csproj"));
    }
}
