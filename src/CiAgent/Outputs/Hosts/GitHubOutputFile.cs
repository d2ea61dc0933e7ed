using System.Text;

namespace CiAgent.Outputs.Hosts;

/// <summary>Writes step outputs in the GITHUB_OUTPUT file format.</summary>
internal static class GitHubOutputFile
{
    /// <summary>One output: "name=value" for a single line, else a heredoc with a delimiter the value cannot contain.</summary>
    public static string Format(string name, string value)
    {
        if (!value.Contains('\n') && !value.Contains('\r'))
        {
            return $"{name}={value}\n";
        }

        // A fixed delimiter could appear in the value (a diff, a model's message) and end it early, letting it set other outputs.
        string delimiter;
        do
        {
            delimiter = $"ghadelimiter_{Guid.NewGuid():N}";
        }
        while (value.Contains(delimiter, StringComparison.Ordinal));

        return $"{name}<<{delimiter}\n{value.ReplaceLineEndings("\n")}\n{delimiter}\n";
    }

    /// <summary>Appends the outputs to the file; the runner reads it after the step ends.</summary>
    public static Task AppendAsync(string path, IEnumerable<KeyValuePair<string, string>> outputs, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            text.Append(Format(name, value));
        }

        return File.AppendAllTextAsync(path, text.ToString(), new UTF8Encoding(false), cancellationToken);
    }
}
