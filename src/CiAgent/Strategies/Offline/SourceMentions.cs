using CiAgent.Context;

namespace CiAgent.Strategies.Offline;

/// <summary>Whether a project's C# sources spell any of some names as a whole identifier, by text: a comment or a string counts too.</summary>
internal static class SourceMentions
{
    /// <summary>True when a C# file under one of the projects' folders (their build output aside) spells one of the names.</summary>
    public static bool AnyIn(IEnumerable<string> projects, IReadOnlySet<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return false;
        }

        foreach (var directory in projects.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            foreach (var file in ProjectSourceFiles.Under(directory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = File.ReadAllText(file);
                if (names.Any(name => Spells(text, name)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Spells(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsIdentifierPart(text[at - 1])) && (end == text.Length || !IsIdentifierPart(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
