using CiAgent.Kernel;
using CiAgent.Policy;
using CiAgent.Tests.EndToEnd;
using CiAgent.Workspace;
using Serilog.Core;

namespace CiAgent.Tests.Policy;

/// <summary>The gate over a real git workspace, for the routes no tool can take: no tool deletes or moves a file, yet the gate must refuse it.</summary>
public sealed class PolicyGateTests
{
    private const string TestFile = "tests/Geometry.Tests/ShapeTests.cs";

    [Fact]
    public async Task A_test_file_deleted_behind_the_tools_back_is_refused_at_the_backstop()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var workspace = await OpenAsync(repository);
        File.Delete(Path.Combine(repository.Root, TestFile));

        var violations = await new PolicyGate(workspace, IntegrityPolicyOptions.Default).CheckAsync(CancellationToken.None);

        var violation = Assert.Single(violations);
        Assert.Equal(new PolicyViolation(RemovedTestRule.RuleId, TestFile, 5, "test class ShapeTests (4 tests) was removed"), violation);
        Assert.Contains("Instead: Keep every test and its name", PolicyGate.Refusal(violations));
    }

    [Fact]
    public async Task A_test_file_moved_with_git_mv_is_refused_as_removed_tests()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var workspace = await OpenAsync(repository);
        await repository.GitAsync("mv", TestFile, "tests/Geometry.Tests/Retired.txt");

        var violations = await new PolicyGate(workspace, IntegrityPolicyOptions.Default).CheckAsync(CancellationToken.None);

        Assert.Equal(RemovedTestRule.RuleId, Assert.Single(violations).Rule);
    }

    [Fact]
    public async Task A_deletion_offered_to_the_edit_check_is_refused_with_the_rule_the_line_and_what_to_do_instead()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var workspace = await OpenAsync(repository);

        var refusal = await new PolicyGate(workspace, IntegrityPolicyOptions.Default).EditRefusalAsync(Path.Combine(repository.Root, TestFile), null, CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.StartsWith("Nothing was written: the test-integrity policy refuses this edit:", refusal);
        Assert.Contains($"- [removed-test] {TestFile}:5: test class ShapeTests (4 tests) was removed", refusal);
        Assert.EndsWith("Instead: Keep every test and its name; change the code under test until it passes.", refusal);
    }

    [Fact]
    public async Task An_untouched_workspace_passes_the_gate()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var workspace = await OpenAsync(repository);

        Assert.Empty(await new PolicyGate(workspace, IntegrityPolicyOptions.Default).CheckAsync(CancellationToken.None));
    }

    private static Task<RunWorkspace> OpenAsync(FixtureRepository repository) =>
        RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, allowDirty: false, Logger.None, CancellationToken.None);
}
