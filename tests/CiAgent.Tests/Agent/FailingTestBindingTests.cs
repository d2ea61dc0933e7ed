using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Strategies.Agent;
using CiAgent.Tests.EndToEnd;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog.Core;

namespace CiAgent.Tests.Agent;

/// <summary>The failing tests' calls are bound in the background from the baseline on, and bound again when flakes change the set (real build and tests).</summary>
public sealed class FailingTestBindingTests
{
    [Fact]
    public async Task A_binding_started_at_the_baseline_serves_the_first_prompt_unless_flakes_changed_which_tests_fail()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/Rectangle.cs", "2 * (Width + Height)", "Width + Height"));
        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, false, Logger.None, CancellationToken.None);
        using var log = CompilerCallLog.TryCreate(workspace.Root);
        var verifier = new Verifier(workspace, TimeSpan.FromMinutes(5), baselineLog: log);
        var baseline = await verifier.VerifyAsync(runTests: true, CancellationToken.None);
        Assert.Equal(2, baseline.Tests!.Failures.Length);
        var binding = new FailingTestBinding(workspace, verifier, Logger.None);

        binding.Start(baseline, CancellationToken.None);
        var both = await binding.GetAsync(baseline, [], CancellationToken.None);
        var first = baseline.Tests.Failures[0];
        var second = baseline.Tests.Failures[1];
        var withoutTheFlake = await binding.GetAsync(baseline, [first.FullName], CancellationToken.None);

        Assert.Equal(2, both.Count);
        Assert.Contains(both.For(first), member => member.Name.Contains("Perimeter", StringComparison.Ordinal));
        Assert.Equal(1, withoutTheFlake.Count);
        Assert.Empty(withoutTheFlake.For(first));
        Assert.Contains(withoutTheFlake.For(second), member => member.Name.Contains("Render", StringComparison.Ordinal));
    }
}
