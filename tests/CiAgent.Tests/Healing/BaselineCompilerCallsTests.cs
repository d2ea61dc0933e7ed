using CiAgent.Context;
using CiAgent.Healing;
using CiAgent.Settings;
using CiAgent.Strategies;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.EndToEnd;
using Serilog;
using Serilog.Events;

namespace CiAgent.Tests.Healing;

/// <summary>The baseline build's recorded compiler calls stay private: they live outside the workspace and are gone when the run ends, whichever way it ends.</summary>
public sealed class BaselineCompilerCallsTests
{
    [Fact]
    public async Task A_heal_reads_the_compiler_calls_outside_the_workspace_and_leaves_none_behind()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));

        var (status, logPath) = await Run(repository, [new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)))]);

        Assert.Equal("healed", status);
        AssertGone(logPath, repository);
    }

    [Fact]
    public async Task A_run_that_does_not_heal_never_reads_the_compiler_calls_and_still_deletes_them()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));
        var before = repository.Fingerprint();

        var (status, logPath) = await Run(repository, []);

        Assert.Equal("not-healed", status);
        AssertGone(logPath, repository);
        Assert.Equal(before, repository.Fingerprint());
    }

    private static void AssertGone(string? logPath, FixtureRepository repository)
    {
        Assert.NotNull(logPath);
        Assert.False(Path.GetFullPath(logPath).StartsWith(repository.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{logPath} is inside the workspace");
        Assert.False(File.Exists(logPath), $"{logPath} was left behind");
        Assert.False(Directory.Exists(Path.GetDirectoryName(logPath)), $"the folder of {logPath} was left behind");
        Assert.Empty(Directory.EnumerateFiles(repository.Root, Path.GetFileName(logPath), SearchOption.AllDirectories));
    }

    private static async Task<(string Status, string? LogPath)> Run(FixtureRepository repository, IReadOnlyList<IHealTier> tiers)
    {
        var output = Path.Combine(Path.GetTempPath(), "ciagent-healrun", Guid.NewGuid().ToString("N"));
        var settings = SettingsResolver.Resolve(new CommandLineValues { Workspace = repository.Root, Out = output }, new Dictionary<string, string?>(), repository.Root);
        var events = new List<LogEvent>();
        using var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(new ListSink(events)).CreateLogger();

        var result = await new HealRun(settings, tiers, log).ExecuteAsync(CancellationToken.None);

        var logPath = events.Where(e => e.MessageTemplate.Text.StartsWith("Baseline compiler calls", StringComparison.Ordinal))
            .Select(e => (e.Properties["Path"] as ScalarValue)?.Value as string)
            .SingleOrDefault();
        return (result.Report.Status, logPath);
    }

    private sealed class ListSink(List<LogEvent> events) : Serilog.Core.ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (events)
            {
                events.Add(logEvent);
            }
        }
    }
}
