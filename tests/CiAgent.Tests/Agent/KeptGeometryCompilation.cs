using CiAgent.Context;
using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Strategies;
using CiAgent.Tests.EndToEnd;
using CiAgent.Workspace;
using Serilog.Core;

namespace CiAgent.Tests.Agent;

/// <summary>
/// The Geometry fixture with an .editorconfig that turns one compiler warning off and one analyzer rule on, built once for real,
/// with the library's compilation kept the way the offline tier keeps it.
/// </summary>
public sealed class KeptGeometryCompilation : IAsyncLifetime
{
    private const string EditorConfig = """
        root = true

        [*.cs]
        dotnet_diagnostic.CS0168.severity = none
        dotnet_diagnostic.CA1805.severity = warning
        """;

    private readonly string _temporaryRoot = Path.Combine(Path.GetTempPath(), "ciagent-memory-tests", Guid.NewGuid().ToString("N"));

    internal FixtureRepository Repository { get; private set; } = null!;

    /// <summary>Full path of the library project.</summary>
    public string Library => Path.Combine(Repository.Root, "src", "Geometry", "Geometry.csproj");

    /// <summary>The kept compilations, the library's among them.</summary>
    public CompilationCache Cache { get; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Repository = await FixtureRepository.CreateAsync("Geometry", r => r.Write(".editorconfig", EditorConfig));
        using var log = CompilerCallLog.TryCreate(Repository.Root, _temporaryRoot)!;
        var build = await new BuildRunner(Repository.Root, TimeSpan.FromMinutes(5)).BuildAsync("Geometry.sln", restore: true, log, CancellationToken.None);
        Assert.True(build.Succeeded, build.Output);
        var loader = new ProjectCompilationLoader(TimeSpan.FromMinutes(5));
        loader.UseCompilerCallsFrom(log);
        var loaded = await loader.LoadAsync(Library);
        Cache.Keep(Library, loaded.Compilation, loaded.Analyzers);
    }

    /// <summary>The workspace as a run sees it, with one file of the library rewritten on the run's behalf.</summary>
    internal async Task<RunWorkspace> EditAsync(string relative, string oldText, string newText)
    {
        var workspace = await RunWorkspace.OpenAsync(Repository.Root, "Geometry.sln", CommitMode.None, null, allowDirty: true, Logger.None, CancellationToken.None);
        var file = TextFile.Read(Path.Combine(Repository.Root, relative));
        Assert.Contains(oldText, file.Text);
        workspace.Write(file.WithText(file.Text.Replace(oldText, newText, StringComparison.Ordinal)));
        return workspace;
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Repository.Dispose();
        Directory.Delete(_temporaryRoot, recursive: true);
        return Task.CompletedTask;
    }
}
