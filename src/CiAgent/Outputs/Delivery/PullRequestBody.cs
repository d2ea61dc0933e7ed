namespace CiAgent.Outputs.Delivery;

/// <summary>Fits a Markdown summary into a host's limit for pull request descriptions.</summary>
internal static class PullRequestBody
{
    /// <summary>GitHub's limit on a pull request body, in characters.</summary>
    public const int GitHubLimit = 65_536;

    /// <summary>Azure DevOps's limit on a pull request description, in characters.</summary>
    public const int AzureDevOpsLimit = 4_000;

    /// <summary>Returns the body unchanged when it fits, otherwise its head plus a note saying where the full report is.</summary>
    public static string Fit(string body, int limit, string? reportLocation)
    {
        if (body.Length <= limit)
        {
            return body;
        }

        var where = reportLocation is null ? "in the run's output folder (summary.md, report.json)" : $"with the run's artifacts: {reportLocation}";
        var note = $"\n\n---\n_This summary was cut to fit the pull request's {limit:N0}-character limit. The full report is {where}._\n";
        var keep = Math.Max(0, limit - note.Length);

        // Cutting between the halves of a surrogate pair would leave invalid UTF-16 that the API rejects.
        if (keep > 0 && char.IsHighSurrogate(body[keep - 1]))
        {
            keep--;
        }

        return body[..keep] + note;
    }
}
