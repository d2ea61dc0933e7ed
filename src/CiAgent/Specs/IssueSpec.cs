using System.Text.Json;
using CiAgent.Kernel;

namespace CiAgent.Specs;

/// <summary>A GitHub issue from an event payload read as a spec: the title heads it, the body is read with the generic Markdown rules.</summary>
internal static class IssueSpec
{
    private const string NoIssue = "The event payload has no issue; `spec: issue` needs an issues or issue_comment event.";

    public static Spec Read(string eventPayloadJson)
    {
        JsonDocument payload;
        try
        {
            payload = JsonDocument.Parse(eventPayloadJson);
        }
        catch (JsonException exception)
        {
            throw new UsageException($"The event payload is not valid JSON ({TextShape.OneLine(exception.Message)}); `spec: issue` needs the file at GITHUB_EVENT_PATH.");
        }

        using (payload)
        {
            // issue_comment payloads carry the issue too, so the same lookup serves both events; pull_request ones do not.
            if (payload.RootElement.ValueKind != JsonValueKind.Object
                || !payload.RootElement.TryGetProperty("issue", out var issue)
                || issue.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException(NoIssue);
            }

            var title = Text(issue, "title");
            if (string.IsNullOrWhiteSpace(title))
            {
                throw new UsageException("The event payload's issue has no title; `spec: issue` needs an issue with a title.");
            }

            var number = issue.TryGetProperty("number", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64().ToString() : "?";
            var markdown = Text(issue, "body") ?? string.Empty;
            var body = new SpecBody(SpecReader.MaxBodyChars);
            body.Add($"issue #{number}", $"# {TextShape.OneLine(title)}\n\n{markdown}", isFile: false);
            return SpecReader.Assemble($"issue #{number}", SpecFormat.Issue, title, GenericCriteria.Read(MarkdownOutline.Parse(markdown)), body);
        }
    }

    private static string? Text(JsonElement issue, string property) =>
        issue.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
