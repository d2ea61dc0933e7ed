namespace CiAgent.Outputs.Hosts;

/// <summary>Finds out which CI system the process runs under from its environment variables.</summary>
public static class CiHostDetector
{
    /// <summary>The kind of host the environment describes.</summary>
    public static CiHostKind DetectKind(IReadOnlyDictionary<string, string?> environment)
    {
        // GitHub checks first: a self-hosted GitHub runner inside an Azure VM image may still carry TF_BUILD.
        if (IsTrue(environment, "GITHUB_ACTIONS"))
        {
            return CiHostKind.GitHubActions;
        }

        return IsTrue(environment, "TF_BUILD") ? CiHostKind.AzureDevOps : CiHostKind.Local;
    }

    /// <summary>The host for the environment, writing its log commands to the console.</summary>
    public static ICiHost Detect(IReadOnlyDictionary<string, string?> environment, TextWriter console) => DetectKind(environment) switch
    {
        CiHostKind.GitHubActions => new GitHubActionsHost(environment, console),
        CiHostKind.AzureDevOps => new AzureDevOpsHost(environment, console),
        _ => new LocalHost(),
    };

    /// <summary>A snapshot of this process's environment variables.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        // Windows treats variable names case-insensitively; elsewhere GITHUB_OUTPUT and github_output differ.
        var variables = new Dictionary<string, string?>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }

    private static bool IsTrue(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
