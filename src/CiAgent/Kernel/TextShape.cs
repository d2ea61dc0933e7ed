namespace CiAgent.Kernel;

/// <summary>The one place that shapes free text for a line of output: squashed to one line, or capped in length.</summary>
public static class TextShape
{
    /// <summary>The text on one line: line breaks and runs of blank space become single spaces, ends trimmed.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The text cut to at most <paramref name="max"/> characters, saying how much was left out.</summary>
    public static string Cap(string text, int max) =>
        text.Length <= max ? text : text[..max] + $"… [{text.Length - max} more characters]";
}
