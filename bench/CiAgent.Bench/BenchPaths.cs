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

    /// <summary>
    /// The real-code corpus's folder (its cases.json and one git bundle per repository), or null when none is given.
    /// Third-party code is never committed to this repository, so the corpus lives outside it: <c>--real-corpus</c> or CIAGENT_BENCH_REAL_CORPUS.
    /// </summary>
    public static string? RealCorpusRoot { get; set; } = Environment.GetEnvironmentVariable("CIAGENT_BENCH_REAL_CORPUS") is { Length: > 0 } root ? Path.GetFullPath(root) : null;

    /// <summary>The real-code corpus's manifest, cases.json in its folder.</summary>
    public static string RealManifest => Path.Combine(RealCorpusRootOrThrow, "cases.json");

    /// <summary>The git bundle of one real-corpus repository.</summary>
    public static string Bundle(string name) => Path.Combine(RealCorpusRootOrThrow, $"{name}.bundle");

    private static string RealCorpusRootOrThrow =>
        RealCorpusRoot ?? throw new InvalidOperationException("No real-code corpus: pass --real-corpus DIR or set CIAGENT_BENCH_REAL_CORPUS.");

    /// <summary>The folder holding one fixture solution.</summary>
    public static string Fixture(string name) => Path.Combine(BenchRoot, "fixtures", name);

    /// <summary>
    /// The ciagent.dll the cases run: by default the CLI project's own output, in the configuration this assembly was built in (the
    /// project reference builds it first); the runner points it at a ReadyToRun publish, as the image ships, unless told not to.
    /// </summary>
    public static string CiAgentDll { get; set; } = Path.Combine(
        RepositoryRoot,
        "src",
        "CiAgent.Cli",
        "bin",
        typeof(BenchPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0",
        "ciagent.dll");

    /// <summary>
    /// The runtime settings the image's launcher (<c>docker/ciagent</c>) gives ciagent's own process: background re-JIT off, and not
    /// passed on to the builds and tests it starts. The plain builds the heals are compared with run without them, as a user's would.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AsLaunchedByTheImage { get; } = new Dictionary<string, string>
    {
        ["DOTNET_TC_CallCounting"] = "0",
        ["CIAGENT_SELF_ONLY"] = "DOTNET_TC_CallCounting",
    };

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
