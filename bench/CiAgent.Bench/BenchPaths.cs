using System.Reflection;

namespace CiAgent.Bench;

/// <summary>Where the repository, the manifest, the fixtures and the built ciagent executable are.</summary>
public static class BenchPaths
{
    /// <summary>The repository root: the nearest folder above this assembly that holds CiAgent.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>bench/ in the repository.</summary>
    public static string BenchRoot => Path.Combine(RepositoryRoot, "bench");

    /// <summary>The case manifest.</summary>
    public static string Manifest => Path.Combine(BenchRoot, "cases.json");

    /// <summary>The folder holding one fixture solution.</summary>
    public static string Fixture(string name) => Path.Combine(BenchRoot, "fixtures", name);

    /// <summary>ciagent.dll in the CLI project's own output, in the configuration this assembly was built in (the project reference builds it first).</summary>
    public static string CiAgentDll { get; } = Path.Combine(
        RepositoryRoot,
        "src",
        "CiAgent.Cli",
        "bin",
        typeof(BenchPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0",
        "ciagent.dll");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CiAgent.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No CiAgent.sln above {AppContext.BaseDirectory}.");
    }
}
