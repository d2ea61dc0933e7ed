using System.Text.Json.Serialization;

namespace CiAgent.Outputs.Delivery;

/// <summary>The body of POST /repos/{owner}/{repo}/pulls.</summary>
internal sealed record GitHubNewPull(string Title, string Head, string Base, string Body, bool MaintainerCanModify);

/// <summary>The body of PATCH /repos/{owner}/{repo}/pulls/{number}.</summary>
internal sealed record GitHubPullEdit(string Title, string Body);

/// <summary>The body of POST /repos/{owner}/{repo}/issues/{number}/comments, which comments on issues and pull requests alike.</summary>
internal sealed record GitHubNewComment(string Body);

/// <summary>The fields of a pull request (or a comment) that delivery reads.</summary>
internal sealed record GitHubPull(long Number, string? HtmlUrl);

/// <summary>GitHub's error body: a message plus, for 422, the validation errors.</summary>
internal sealed record GitHubError(string? Message, IReadOnlyList<GitHubErrorItem>? Errors);

/// <summary>One validation error in a 422 answer.</summary>
internal sealed record GitHubErrorItem(string? Message, string? Code);

/// <summary>Source-generated JSON for GitHub's REST API, which names fields in snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GitHubNewPull))]
[JsonSerializable(typeof(GitHubPullEdit))]
[JsonSerializable(typeof(GitHubNewComment))]
[JsonSerializable(typeof(GitHubPull))]
[JsonSerializable(typeof(List<GitHubPull>))]
[JsonSerializable(typeof(GitHubError))]
internal sealed partial class GitHubJson : JsonSerializerContext;
