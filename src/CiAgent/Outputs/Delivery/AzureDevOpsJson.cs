using System.Text.Json.Serialization;

namespace CiAgent.Outputs.Delivery;

/// <summary>The body of POST .../pullrequests.</summary>
internal sealed record AzureNewPullRequest(string SourceRefName, string TargetRefName, string Title, string Description);

/// <summary>The body of PATCH .../pullrequests/{id}.</summary>
internal sealed record AzurePullRequestEdit(string Title, string Description);

/// <summary>The fields of a pull request that delivery reads.</summary>
internal sealed record AzurePullRequest(long PullRequestId, AzureRepositoryRef? Repository);

/// <summary>The repository a pull request belongs to, for building its web address.</summary>
internal sealed record AzureRepositoryRef(string? Name, string? WebUrl);

/// <summary>A list answer: Azure DevOps wraps arrays in an object.</summary>
internal sealed record AzurePullRequestList(IReadOnlyList<AzurePullRequest>? Value);

/// <summary>The body of POST …/pullRequests/{id}/threads: one active thread with one text comment.</summary>
internal sealed record AzureNewThread(IReadOnlyList<AzureThreadComment> Comments, int Status);

/// <summary>A comment in a new thread (commentType 1 is text).</summary>
internal sealed record AzureThreadComment(string Content, int CommentType);

/// <summary>Azure DevOps's error body.</summary>
internal sealed record AzureError(string? Message, string? TypeKey);

/// <summary>Source-generated JSON for the Azure DevOps REST API, which names fields in camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AzureNewPullRequest))]
[JsonSerializable(typeof(AzurePullRequestEdit))]
[JsonSerializable(typeof(AzurePullRequest))]
[JsonSerializable(typeof(AzurePullRequestList))]
[JsonSerializable(typeof(AzureError))]
[JsonSerializable(typeof(AzureNewThread))]
internal sealed partial class AzureDevOpsJson : JsonSerializerContext;
