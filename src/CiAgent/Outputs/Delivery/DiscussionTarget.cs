using System.Text.Json;

namespace CiAgent.Outputs.Delivery;

/// <summary>Where the run was asked from, so questions can be answered there: the issue or pull request of the triggering event.</summary>
public static class DiscussionTarget
{
    /// <summary>The number of the issue or pull request that triggered the run (GitHub's event payload, or Azure DevOps's pull request build), or null.</summary>
    public static long? Find(Func<string, string?> environment)
    {
        if (environment("SYSTEM_PULLREQUEST_PULLREQUESTID") is { } azure && long.TryParse(azure, out var id))
        {
            return id;
        }

        if (environment("GITHUB_EVENT_PATH") is not { } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var name in (string[])["issue", "pull_request"])
            {
                if (payload.RootElement.TryGetProperty(name, out var item) && item.TryGetProperty("number", out var number) && number.TryGetInt64(out var value))
                {
                    return value;
                }
            }
        }
        catch (JsonException)
        {
            // A payload that is not JSON names nothing to comment on.
        }

        return null;
    }
}
