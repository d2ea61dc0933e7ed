using System.Text;

namespace CiAgent.Processes;

/// <summary>Collects lines up to a character limit, keeping the first and last halves and counting what was dropped between.</summary>
internal sealed class BoundedText(int limit)
{
    private readonly StringBuilder _head = new();
    private readonly Queue<string> _tail = new();
    private int _tailLength;
    private long _droppedLines;

    /// <summary>True once anything has been dropped.</summary>
    public bool Truncated => _droppedLines > 0;

    /// <summary>Adds one line (without its terminator).</summary>
    public void AppendLine(string line)
    {
        var half = limit / 2;
        if (_tail.Count == 0 && _head.Length + line.Length + 1 <= half)
        {
            _head.Append(line).Append('\n');
            return;
        }

        _tail.Enqueue(line);
        _tailLength += line.Length + 1;
        while (_tailLength > limit - half && _tail.Count > 0)
        {
            _tailLength -= _tail.Dequeue().Length + 1;
            _droppedLines++;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(_head.Length + _tailLength + 64).Append(_head);
        if (_droppedLines > 0)
        {
            text.Append("… [").Append(_droppedLines).Append(" lines omitted] …\n");
        }

        foreach (var line in _tail)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
