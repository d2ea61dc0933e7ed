using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CiAgent.Configuration;

/// <summary>Remembers where the last well-formed YAML event ended, to locate errors the parser reports without a position.</summary>
internal sealed class MarkTrackingParser(IParser inner) : IParser
{
    /// <summary>The end of the last event parsed, or the start of the text before any.</summary>
    public Mark LastGood { get; private set; } = Mark.Empty;

    /// <inheritdoc />
    public ParsingEvent? Current => inner.Current;

    /// <inheritdoc />
    public bool MoveNext()
    {
        if (inner.Current is { } current)
        {
            LastGood = current.End;
        }

        return inner.MoveNext();
    }
}
