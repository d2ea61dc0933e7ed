using System.Text.Json;
using System.Text.Json.Serialization;

namespace CiAgent.Strategies.Roles;

/// <summary>The reviewer's verdict on the change: approved or not, with comments on lines.</summary>
/// <param name="Approved">True when the change may be delivered as it is.</param>
/// <param name="Comments">What to change, each on a file and line.</param>
public sealed record CodeReview(bool Approved, IReadOnlyList<ReviewComment> Comments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>Reads the arguments of a submit_review call; null when they do not have the review's shape.</summary>
    public static CodeReview? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CodeReview>(json, Json) is { } review ? review with { Comments = review.Comments ?? [] } : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
