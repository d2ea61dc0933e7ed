using CiAgent.Strategies.Offline;

namespace CiAgent.Tests.Strategies;

/// <summary>The warm-up heals its own small file against the framework a real project names, and stops when the baseline is in.</summary>
public sealed class CompilerWarmupTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ciagent-warmup-").FullName;

    [Fact]
    public async Task The_warm_up_heals_its_file_with_the_real_fixers_on_an_idle_thread()
    {
        var project = Project($"<TargetFramework>net{Environment.Version.Major}.0</TargetFramework>");

        Assert.Equal(1, CompilerWarmup.Run(project, CancellationToken.None));
        Assert.True(await CompilerWarmup.Start(project, CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_warm_up_stops_without_a_fault()
    {
        var project = Project($"<TargetFramework>net{Environment.Version.Major}.0</TargetFramework>");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.Null(CompilerWarmup.Run(project, cancelled.Token));
        Assert.True(await CompilerWarmup.Start(project, cancelled.Token));
    }

    [Fact]
    public async Task A_process_warms_up_once()
    {
        var project = Project($"<TargetFramework>net{Environment.Version.Major}.0</TargetFramework>");
        _ = await CompilerWarmup.StartOnce(project, CancellationToken.None);

        Assert.False(await CompilerWarmup.StartOnce(project, CancellationToken.None));
    }

    [Fact]
    public void A_target_whose_framework_cannot_be_read_still_warms_the_compiler_against_the_runtimes_own_pack()
    {
        Assert.Equal(1, CompilerWarmup.Run(Path.Combine(_root, "missing", "Nothing.csproj"), CancellationToken.None));
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Project(string properties)
    {
        var path = Path.Combine(_root, "src", "Core", "Core.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>{properties}</PropertyGroup>\n</Project>\n");
        return path;
    }
}
