using CiAgent.Workspace;

namespace CiAgent.Context;

/// <summary>The reference assemblies of .NET (Microsoft.NETCore.App's targeting pack) that a workspace's projects most likely compile against, found from the files alone.</summary>
/// <remarks>
/// A guess made before any build has said which pack the projects use: the newest <c>netN.0</c> framework of the first project
/// that names one literally (the one a failing project is checked against), in the SDK's packs folder or else the NuGet cache,
/// highest patch first. A wrong guess costs only the speed it was for: the compiler's real command line always decides the references.
/// </remarks>
public static class FrameworkReferences
{
    private const string Pack = "Microsoft.NETCore.App.Ref";

    /// <summary>The reference assembly files for the newest .NET framework of the first project that names one, or for this process's own major version when they name none; empty when no such pack is installed.</summary>
    /// <param name="projectPaths">The projects whose files name their frameworks.</param>
    /// <param name="nugetPackages">The NuGet packages folder; by default <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>, as NuGet itself decides.</param>
    public static IReadOnlyList<string> For(IEnumerable<string> projectPaths, string? nugetPackages = null)
    {
        ArgumentNullException.ThrowIfNull(projectPaths);
        var major = projectPaths.Select(p => ProjectFrameworks.Named(p).Select(ProjectFrameworks.DotnetMajor).DefaultIfEmpty().Max()).FirstOrDefault(m => m > 0) is var named and > 0
            ? named : Environment.Version.Major;
        var folder = Candidates(major, nugetPackages ?? DefaultNuGetPackages()).FirstOrDefault(Directory.Exists);
        return folder is null ? [] : [.. Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> Candidates(int major, string nugetCache)
    {
        var framework = $"net{major}.0";
        // The SDK that runs the builds sits beside the runtime this process runs on, as in the image.
        var dotnetRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        foreach (var packFolder in new[] { Path.Combine(dotnetRoot, "packs", Pack), Path.Combine(nugetCache, Pack.ToLowerInvariant()) })
        {
            foreach (var version in Versions(packFolder, major))
            {
                yield return Path.Combine(packFolder, version, "ref", framework);
            }
        }
    }

    private static IEnumerable<string> Versions(string packFolder, int major) =>
        Directory.Exists(packFolder)
            ? Directory.EnumerateDirectories(packFolder)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Select(name => (Name: name, Version: Version.TryParse(name.Split('-')[0], out var version) ? version : null))
                .Where(v => v.Version?.Major == major)
                .OrderByDescending(v => v.Version)
                .ThenByDescending(v => v.Name, StringComparer.Ordinal)
                .Select(v => v.Name)
            : [];

    private static string DefaultNuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
