using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Tests.EndToEnd;

namespace CiAgent.Tests.Context;

/// <summary>The Geometry fixture with its library broken, built once with its compiler calls recorded: the library is compiled, the projects that use it are skipped.</summary>
public sealed class BrokenGeometryBuild : IAsyncLifetime
{
    private readonly string _temporaryRoot = Path.Combine(Path.GetTempPath(), "ciagent-calls-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The fixture repository.</summary>
    internal FixtureRepository Repository { get; private set; } = null!;

    /// <summary>The build's compiler calls, under a temporary folder of this fixture's own.</summary>
    public CompilerCallLog Log { get; private set; } = null!;

    /// <summary>The log's text as the build left it, before anything read (and so deleted) it.</summary>
    public string LogText { get; private set; } = null!;

    /// <summary>What the build reported.</summary>
    public BuildResult Build { get; private set; } = null!;

    /// <summary>Full path of a project in the fixture.</summary>
    public string Project(string relative) => Path.Combine(Repository.Root, relative);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));
        Log = CompilerCallLog.TryCreate(Repository.Root, _temporaryRoot)!;
        Build = await new BuildRunner(Repository.Root, TimeSpan.FromMinutes(5)).BuildAsync("Geometry.sln", restore: true, Log, CancellationToken.None);
        LogText = File.ReadAllText(Log.Path);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Log.Dispose();
        Repository.Dispose();
        Directory.Delete(_temporaryRoot, recursive: true);
        return Task.CompletedTask;
    }
}
