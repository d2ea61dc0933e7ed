using CiAgent.Context;

namespace CiAgent.Tests.Context;

/// <summary>Which .NET reference assemblies a workspace's projects most likely compile against, guessed from real project files and pack folders.</summary>
public sealed class FrameworkReferencesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ciagent-framework-refs-").FullName;

    [Fact]
    public void A_project_naming_this_sdks_framework_gets_its_installed_reference_pack()
    {
        var project = Project("src/Core/Core.csproj", $"<TargetFramework>net{Environment.Version.Major}.0</TargetFramework>");

        var references = FrameworkReferences.For([project], NoCache());

        Assert.Contains(references, path => Path.GetFileName(path) == "System.Runtime.dll");
        Assert.All(references, path => Assert.EndsWith(Path.Combine("ref", $"net{Environment.Version.Major}.0", Path.GetFileName(path)), path, StringComparison.Ordinal));
    }

    [Fact]
    public void The_newest_framework_named_only_in_a_directory_props_file_picks_its_highest_patch_from_the_NuGet_cache()
    {
        var cache = Path.Combine(_root, "nuget");
        foreach (var version in new[] { "7.0.3", "7.0.20", "6.0.36" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(cache, "microsoft.netcore.app.ref", version, "ref", version.StartsWith('7') ? "net7.0" : "net6.0")).FullName;
            File.WriteAllText(Path.Combine(folder, "System.Runtime.dll"), "");
        }

        var project = Project("src/Core/Core.csproj", "");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project><PropertyGroup><TargetFrameworks>netstandard2.0;net7.0;net6.0</TargetFrameworks></PropertyGroup></Project>");

        var references = FrameworkReferences.For([project], cache);

        Assert.Equal([Path.Combine(cache, "microsoft.netcore.app.ref", "7.0.20", "ref", "net7.0", "System.Runtime.dll")], references);
    }

    [Fact]
    public void Projects_that_name_no_net_framework_get_the_pack_of_the_runtime_ciagent_runs_on()
    {
        var project = Project("src/Legacy/Legacy.csproj", "<TargetFramework>netstandard2.0</TargetFramework>");

        var references = FrameworkReferences.For([project], NoCache());

        Assert.Contains(references, path => path.EndsWith(Path.Combine($"net{Environment.Version.Major}.0", "System.Runtime.dll"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_framework_installed_nowhere_gives_no_references()
    {
        var project = Project("src/Core/Core.csproj", "<TargetFramework>net5.0</TargetFramework>");

        Assert.Empty(FrameworkReferences.For([project], NoCache()));
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string NoCache() => Path.Combine(_root, "empty-cache");

    private string Project(string relative, string properties)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>{properties}</PropertyGroup>\n</Project>\n");
        return path;
    }
}
