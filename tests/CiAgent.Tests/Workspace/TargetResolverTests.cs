using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Tests.Workspace;

public sealed class TargetResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ciagent-target-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_sln_beside_the_slnx_of_the_same_name_is_a_migration_and_the_slnx_is_built()
    {
        File.WriteAllText(Path.Combine(_root, "Shop.sln"), "");
        File.WriteAllText(Path.Combine(_root, "Shop.slnx"), "<Solution />");

        var target = TargetResolver.Resolve(_root, null);

        Assert.Equal(Path.Combine(_root, "Shop.slnx"), target);
        Assert.Equal("Both Shop.sln and Shop.slnx are here; building Shop.slnx, the newer format.", TargetResolver.Preference(target));
    }

    [Fact]
    public void Two_different_solutions_still_need_a_target()
    {
        File.WriteAllText(Path.Combine(_root, "Shop.sln"), "");
        File.WriteAllText(Path.Combine(_root, "Tools.slnx"), "<Solution />");

        var error = Assert.Throws<UsageException>(() => TargetResolver.Resolve(_root, null));

        Assert.StartsWith("Several solutions or projects in the workspace root: Shop.sln, Tools.slnx; pass --target", error.Message);
        Assert.Null(TargetResolver.Preference(Path.Combine(_root, "Tools.slnx")));
    }
}
