using static CiAgent.Tests.EndToEnd.EditTimeIntegrityTests;

namespace CiAgent.Tests.EndToEnd;

/// <summary>
/// One model heal of the logic bug in which the scripted model tries every route of <see cref="EditTimeIntegrityTests"/> that needs no
/// other set-up, then makes the real fix: each route costs a refused edit, where a heal run of its own costs a restore, two builds and two test runs.
/// </summary>
public sealed class EveryRouteTriedInOneHeal : IAsyncLifetime
{
    private FixtureRepository? _repository;
    private CiAgentRun? _run;

    /// <summary>Every route, in the order the model tries them.</summary>
    internal IReadOnlyList<Bypass> Routes { get; } = [.. TestSources, .. TestProjectFiles, .. RunShape, .. ProductionCode];

    /// <summary>The healed repository.</summary>
    internal FixtureRepository Repository => _repository ?? throw new InvalidOperationException("The heal has not run.");

    /// <summary>The heal run.</summary>
    internal CiAgentRun Run => _run ?? throw new InvalidOperationException("The heal has not run.");

    /// <summary>Asserts each of the routes refused by its rule in its own step of the run.</summary>
    internal void AssertRefused(IEnumerable<Bypass> routes) => EditTimeIntegrityTests.AssertRefused(Run, Routes, routes);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _repository = await ModelHealingTests.LogicBugAsync();
        _run = await RunThroughBypassesAsync(_repository, Routes, "--allow-test-edits");
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _repository?.Dispose();
        return Task.CompletedTask;
    }
}
