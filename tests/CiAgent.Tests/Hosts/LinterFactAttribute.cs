namespace CiAgent.Tests.Hosts;

/// <summary>A fact that needs dockerfilelint: skipped, visibly, on a machine with only the .NET SDK; in CI (CI=true), where .ci/run installs it, a missing linter fails the test instead.</summary>
public sealed class LinterFactAttribute : FactAttribute
{
    /// <summary>Where `npm ci --prefix .ci/tools` installs the linter.</summary>
    public static readonly string Linter = Path.Combine(TestPaths.RepositoryRoot, ".ci", "tools", "node_modules", ".bin", "dockerfilelint");

    /// <summary>Sets the skip reason when the linter is absent outside CI.</summary>
    public LinterFactAttribute()
    {
        if (!File.Exists(Linter) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "dockerfilelint is not installed; run `npm ci --prefix .ci/tools` (CI always does, and fails without it).";
        }
    }
}
