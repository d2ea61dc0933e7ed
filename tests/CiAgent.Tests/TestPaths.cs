namespace CiAgent.Tests;

/// <summary>Locations in the repository that tests read from, found without relying on the test project copying files.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The directory that holds CiAgent.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The source directory of the test project, where test data files live.</summary>
    public static string TestsProject => Path.Combine(RepositoryRoot, "tests", "CiAgent.Tests");

    private static string FindRepositoryRoot()
    {
        // Tests run from bin/<configuration>/<tfm>/, wherever the repository was cloned, so walk up rather than guess.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CiAgent.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CiAgent.sln found above {AppContext.BaseDirectory}.");
    }
}
