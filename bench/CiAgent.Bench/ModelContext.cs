using System.Text.Json;
using System.Text.RegularExpressions;

namespace CiAgent.Bench;

/// <summary>What a model reads: the context a naive loop would send, the text of CiAgent's own request, their size in tokens, and whether they show the fix.</summary>
public static partial class ModelContext
{
    /// <summary>What a naive loop sends: the whole log, then the full text of every file under the root the log names.</summary>
    public static string Naive(string log, string root)
    {
        var rootFull = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        var files = NamedFile().Matches(log)
            .Select(m => m.Value)
            .Where(path => path.StartsWith(rootFull, StringComparison.Ordinal) && File.Exists(path))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return log + string.Concat(files.Select(path => $"\n--- {path}\n{File.ReadAllText(path)}"));
    }

    /// <summary>The text of every message in an OpenAI chat request body, as the model reads it (JSON escapes undone).</summary>
    public static string MessageText(string body)
    {
        var parts = new List<string>();
        foreach (var message in JsonDocument.Parse(body).RootElement.GetProperty("messages").EnumerateArray())
        {
            if (!message.TryGetProperty("content", out var content))
            {
                continue;
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                parts.Add(content.GetString()!);
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                parts.AddRange(content.EnumerateArray().Where(p => p.TryGetProperty("text", out _)).Select(p => p.GetProperty("text").GetString()!));
            }
        }

        return string.Join('\n', parts);
    }

    /// <summary>True when the text contains every line the case's true fix changes.</summary>
    public static bool Shows(string text, BenchCase benchCase) => benchCase.LinesToShow.All(line => text.Contains(line, StringComparison.Ordinal));

    /// <summary>Tokens as the bench counts them: four characters each, rounded up.</summary>
    public static int Tokens(int characters) => (characters + 3) / 4;

    [GeneratedRegex(@"/[^\s:()\[\]'""]+\.(?:cs|csproj|props|targets|slnx?)\b")]
    private static partial Regex NamedFile();
}
