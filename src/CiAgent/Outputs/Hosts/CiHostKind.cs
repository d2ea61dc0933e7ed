namespace CiAgent.Outputs.Hosts;

/// <summary>The CI system a run reports to.</summary>
public enum CiHostKind
{
    /// <summary>No CI system: a developer's machine or an unknown runner.</summary>
    Local,

    /// <summary>A GitHub Actions runner (GITHUB_ACTIONS=true).</summary>
    GitHubActions,

    /// <summary>An Azure Pipelines agent (TF_BUILD=True).</summary>
    AzureDevOps,
}
