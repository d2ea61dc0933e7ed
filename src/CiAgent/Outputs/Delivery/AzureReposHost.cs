namespace CiAgent.Outputs.Delivery;

/// <summary>A repository in Azure Repos, identified from the variables Azure Pipelines sets.</summary>
public sealed class AzureReposHost : RepositoryHost
{
    private AzureReposHost(string? collectionUri, string? project, string? repository, string? token, string? runId, string? baseBranch)
        : base(token, runId, baseBranch)
    {
        CollectionUri = string.IsNullOrWhiteSpace(collectionUri) ? null : collectionUri.Trim().TrimEnd('/') + "/";
        Project = string.IsNullOrWhiteSpace(project) ? null : project.Trim();
        Repository = string.IsNullOrWhiteSpace(repository) ? null : repository.Trim();
    }

    /// <inheritdoc />
    public override string Name => "Azure DevOps";

    /// <inheritdoc />
    public override string TokenVariable => "SYSTEM_ACCESSTOKEN";

    /// <summary>The organisation's collection address, ending in a slash, or null when SYSTEM_COLLECTIONURI is missing.</summary>
    public string? CollectionUri { get; }

    /// <summary>The team project's name, or null when SYSTEM_TEAMPROJECT is missing.</summary>
    public string? Project { get; }

    /// <summary>The repository's id (preferred) or name, or null when neither variable is set.</summary>
    public string? Repository { get; }

    /// <summary>The team project's address, ending in a slash.</summary>
    public string ProjectUrl => $"{CollectionUri}{Uri.EscapeDataString(Project ?? "")}/";

    /// <inheritdoc />
    public override string? RunUrl => CollectionUri is null || Project is null || RunId is null ? null : $"{ProjectUrl}_build/results?buildId={RunId}";

    /// <inheritdoc />
    internal override string? GitAuthorization => Token is null ? null : $"bearer {Token}";

    /// <inheritdoc />
    internal override string? MissingIdentification =>
        CollectionUri is null ? "SYSTEM_COLLECTIONURI must give the organisation's address"
        : Project is null ? "SYSTEM_TEAMPROJECT must name the project"
        : Repository is null ? "BUILD_REPOSITORY_ID or BUILD_REPOSITORY_NAME must name the repository"
        : null;

    /// <inheritdoc />
    internal override IPullRequestApi CreatePullRequestApi(HttpClient http) => new AzureDevOpsPullRequests(http, this);

    /// <summary>Reads SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID/NAME, SYSTEM_ACCESSTOKEN, BUILD_BUILDID and the branch variables.</summary>
    public static new AzureReposHost FromEnvironment(Func<string, string?> environment)
    {
        var id = environment("BUILD_REPOSITORY_ID");

        // A PR build checks out refs/pull/<n>/merge; the branch that failed is the PR's source branch.
        var baseBranch = ShortBranch(environment("SYSTEM_PULLREQUEST_SOURCEBRANCH")) ?? ShortBranch(environment("BUILD_SOURCEBRANCH"));
        return new AzureReposHost(
            environment("SYSTEM_COLLECTIONURI"),
            environment("SYSTEM_TEAMPROJECT"),
            string.IsNullOrWhiteSpace(id) ? environment("BUILD_REPOSITORY_NAME") : id,
            environment("SYSTEM_ACCESSTOKEN"),
            environment("BUILD_BUILDID"),
            baseBranch);
    }
}
