using CiAgent.Security;

namespace CiAgent.Tests.Security;

public sealed class WorkspaceJailTests : IDisposable
{
    private readonly TinyWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private WorkspaceJail Jail(bool allowTestEdits = false, params string[] extra) => new(_workspace.Root, extra, allowTestEdits);

    [Fact]
    public void An_ordinary_source_file_resolves_to_its_full_path_for_reading_and_writing()
    {
        var read = Jail().ResolveForRead("src/App/Calculator.cs");
        var write = Jail().ResolveForWrite("src\\App\\..\\App/Calculator.cs");

        Assert.True(read.IsAllowed);
        Assert.Equal(_workspace.PathOf("src/App/Calculator.cs"), read.FullPath);
        Assert.Equal("src/App/Calculator.cs", read.RelativePath);
        Assert.True(write.IsAllowed, write.Refusal);
        Assert.Equal(read.FullPath, write.FullPath);
    }

    [Theory]
    [InlineData("../outside.cs")]
    [InlineData("src/../../outside.cs")]
    [InlineData("src/App/../../../etc/passwd")]
    public void A_path_that_climbs_out_of_the_workspace_is_refused(string path)
    {
        var result = Jail().ResolveForRead(path);

        Assert.False(result.IsAllowed);
        Assert.Null(result.FullPath);
        Assert.Contains("climbs out of the workspace", result.Refusal);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("~/.ssh/id_rsa")]
    public void An_absolute_path_is_refused_with_advice_to_pass_a_relative_one(string path)
    {
        var result = Jail().ResolveForWrite(path);

        Assert.False(result.IsAllowed);
        Assert.Contains("relative to the workspace root", result.Refusal);
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData("src/.git/HEAD")]
    [InlineData(".GIT/config")]
    [InlineData("git-link/config")]
    public void Anything_in_git_at_any_depth_is_neither_readable_nor_writable(string path)
    {
        Assert.Contains(".git", Jail().ResolveForRead(path).Refusal);
        Assert.Contains(".git", Jail().ResolveForWrite(path).Refusal);
    }

    [Theory]
    [InlineData("etc-link/passwd")]
    [InlineData("etc-link")]
    [InlineData("src/App/passwd")]
    public void A_symlink_to_outside_is_refused(string path)
    {
        var result = Jail().ResolveForRead(path);

        Assert.False(result.IsAllowed);
        Assert.Contains("symbolic link", result.Refusal);
    }

    [Fact]
    public void A_symlink_that_stays_inside_resolves_to_its_target()
    {
        var result = Jail().ResolveForRead("app-link/Calculator.cs");

        Assert.True(result.IsAllowed, result.Refusal);
        Assert.Equal(_workspace.PathOf("src/App/Calculator.cs"), result.FullPath);
    }

    [Fact]
    public void A_link_in_a_parent_folder_that_leads_outside_is_refused_even_for_a_new_file()
    {
        var result = Jail().ResolveForWrite("etc-link/new-folder/evil.conf");

        Assert.Contains("symbolic link", result.Refusal);
    }

    [Theory]
    [InlineData("global.json", "global.json")]
    [InlineData(".github/workflows/ci.yml", ".github/")]
    [InlineData("src/App/Generated/Widgets.g.cs", "**/*.g.cs")]
    [InlineData("src/App/PublicAPI.Shipped.txt", "**/PublicAPI.*.txt")]
    [InlineData("src/App/Form1.Designer.cs", "**/*.Designer.cs")]
    [InlineData(".ciagent.yml", ".ciagent.yml")]
    public void Protected_files_are_readable_but_not_writable(string path, string pattern)
    {
        Assert.True(Jail().ResolveForRead(path).IsAllowed);

        var write = Jail().ResolveForWrite(path);
        Assert.False(write.IsAllowed);
        Assert.Contains($"matches '{pattern}'", write.Refusal);
    }

    [Fact]
    public void Extra_protected_patterns_from_the_caller_are_enforced_too()
    {
        Assert.True(Jail().ResolveForWrite("src/App/App.csproj").IsAllowed);
        Assert.False(Jail(false, "**/*.csproj").ResolveForWrite("src/App/App.csproj").IsAllowed);
    }

    [Fact]
    public void Editing_a_test_file_is_refused_unless_allowed()
    {
        var refused = Jail().ResolveForWrite("tests/App.Tests/CalculatorTests.cs");
        var allowed = Jail(allowTestEdits: true).ResolveForWrite("tests/App.Tests/CalculatorTests.cs");

        Assert.Equal(
            "'tests/App.Tests/CalculatorTests.cs' is a test file, and test files are protected by the test-integrity policy: fix the code under test, not the test.",
            refused.Refusal);
        Assert.True(allowed.IsAllowed);
        Assert.True(Jail().ResolveForRead("tests/App.Tests/CalculatorTests.cs").IsAllowed);
    }

    [Fact]
    public void A_file_in_a_project_that_references_a_test_framework_is_a_test_file_wherever_it_lives()
    {
        Assert.Contains("test-integrity", Jail().ResolveForWrite("qa/Checks/Sub/Probe.cs").Refusal);
        Assert.Contains("test-integrity", Jail().ResolveForWrite("qa/Checks/Sub/NewProbe.cs").Refusal);
        Assert.Contains("test-integrity", Jail().ResolveForWrite("qa/Checks/Checks.csproj").Refusal);
    }

    [Theory]
    [InlineData(".env")]
    [InlineData("src/App/.env.production")]
    [InlineData("certs/server.pfx")]
    [InlineData("certs/server.PEM")]
    [InlineData("src/App/secrets.json")]
    [InlineData("deploy/app.publishsettings")]
    public void Files_that_usually_hold_secrets_are_withheld(string path)
    {
        var read = Jail().ResolveForRead(path);

        Assert.False(read.IsAllowed);
        Assert.Contains("secrets", read.Refusal);
        Assert.False(Jail().ResolveForWrite(path).IsAllowed);
    }

    [Fact]
    public void Appsettings_stay_readable_because_their_secrets_are_masked_instead()
    {
        Assert.True(Jail().ResolveForRead("src/App/appsettings.Development.json").IsAllowed);
    }

    [Fact]
    public void An_empty_path_or_dot_is_the_root_for_reading_but_not_a_file_to_write()
    {
        Assert.Equal(_workspace.Root, Jail().ResolveForRead("").FullPath);
        Assert.Equal(".", Jail().ResolveForRead(".").RelativePath);
        Assert.False(Jail().ResolveForWrite(".").IsAllowed);
    }

    [Fact]
    public void Every_refusal_is_one_sentence()
    {
        var refusals = new[]
        {
            Jail().ResolveForRead("../x").Refusal,
            Jail().ResolveForRead("/x").Refusal,
            Jail().ResolveForRead(".git/x").Refusal,
            Jail().ResolveForRead("etc-link/x").Refusal,
            Jail().ResolveForRead(".env").Refusal,
            Jail().ResolveForWrite("global.json").Refusal,
            Jail().ResolveForWrite("tests/App.Tests/CalculatorTests.cs").Refusal,
        };

        Assert.All(refusals, refusal =>
        {
            Assert.NotNull(refusal);
            Assert.EndsWith(".", refusal);
            Assert.DoesNotContain(". ", refusal.TrimEnd('.').Replace("e.g. ", "", StringComparison.Ordinal));
        });
    }
}
