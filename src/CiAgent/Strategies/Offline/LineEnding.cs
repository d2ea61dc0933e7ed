using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Strategies.Offline;

/// <summary>Finds the line ending a file already uses, so inserted lines match it.</summary>
internal static class LineEnding
{
    /// <summary>Returns "\r\n" when CRLF endings outnumber bare LF ones, otherwise "\n".</summary>
    public static string Of(SourceText text)
    {
        var crlf = 0;
        var lf = 0;
        foreach (var line in text.Lines)
        {
            var breakLength = line.EndIncludingLineBreak - line.End;
            if (breakLength == 2)
            {
                crlf++;
            }
            else if (breakLength == 1 && text[line.End] == '\n')
            {
                lf++;
            }
        }

        return crlf > lf ? "\r\n" : "\n";
    }

    /// <summary>Returns the whitespace a line starts with.</summary>
    public static string IndentationOf(SourceText text, TextLine line)
    {
        var end = line.Start;
        while (end < line.End && text[end] is ' ' or '\t')
        {
            end++;
        }

        return text.ToString(TextSpan.FromBounds(line.Start, end));
    }
}
