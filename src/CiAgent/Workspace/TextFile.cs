using System.Text;

namespace CiAgent.Workspace;

/// <summary>A text file read with its encoding, byte-order mark and line endings, so that it can be written back the same way.</summary>
public sealed class TextFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private TextFile(string path, string text, Encoding encoding, byte[] preamble, string newLine)
    {
        Path = path;
        Text = text;
        Encoding = encoding;
        Preamble = preamble;
        NewLine = newLine;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>The file's text, without its byte-order mark.</summary>
    public string Text { get; }

    /// <summary>The encoding the text is written in.</summary>
    public Encoding Encoding { get; }

    /// <summary>The byte-order mark the file started with (empty when none).</summary>
    public byte[] Preamble { get; }

    /// <summary>The file's dominant line ending: "\r\n" or "\n".</summary>
    public string NewLine { get; }

    /// <summary>Reads a file, detecting a UTF-8/UTF-16/UTF-32 byte-order mark and the dominant line ending.</summary>
    public static TextFile Read(string path) => FromBytes(path, File.ReadAllBytes(path));

    /// <summary>Reads a file's content from bytes already in hand (a snapshot's copy, say), the way <see cref="Read"/> reads it from disk.</summary>
    public static TextFile FromBytes(string path, byte[] bytes)
    {
        var (encoding, preamble) = DetectEncoding(bytes);
        var text = encoding.GetString(bytes, preamble.Length, bytes.Length - preamble.Length);
        return new TextFile(path, text, encoding, preamble, DetectNewLine(text));
    }

    /// <summary>Describes a file that does not exist yet: UTF-8 without a mark and the platform's line ending.</summary>
    public static TextFile New(string path, string newLine = "\n") => new(path, string.Empty, Utf8NoBom, [], newLine);

    /// <summary>Returns this file with exactly the given text (line endings as given).</summary>
    public TextFile WithText(string text) => new(Path, text, Encoding, Preamble, NewLine);

    /// <summary>Returns this file with new text whose line endings are made the file's own, for text written by someone who did not know them.</summary>
    public TextFile WithNormalizedText(string text) => WithText(NormalizeNewLines(text, NewLine));

    /// <summary>Writes the text back with the same mark and encoding.</summary>
    public void Save()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
        stream.Write(Preamble);
        stream.Write(Encoding.GetBytes(Text));
    }

    /// <summary>Rewrites every line ending in the text as the given one.</summary>
    public static string NormalizeNewLines(string text, string newLine)
    {
        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return newLine == "\n" ? unified : unified.Replace("\n", newLine, StringComparison.Ordinal);
    }

    private static (Encoding Encoding, byte[] Preamble) DetectEncoding(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith<byte>([0xEF, 0xBB, 0xBF]))
        {
            return (Utf8NoBom, [0xEF, 0xBB, 0xBF]);
        }

        if (span.StartsWith<byte>([0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false), span[..4].ToArray());
        }

        if (span.StartsWith<byte>([0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), span[..2].ToArray());
        }

        if (span.StartsWith<byte>([0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), span[..2].ToArray());
        }

        try
        {
            Utf8NoBom.GetCharCount(bytes);
            return (Utf8NoBom, []);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: Latin-1 maps every byte to one char and back, so the file survives a round trip unchanged.
            return (Encoding.Latin1, []);
        }
    }

    private static string DetectNewLine(string text)
    {
        var crlf = 0;
        var lf = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                if (i > 0 && text[i - 1] == '\r')
                {
                    crlf++;
                }
                else
                {
                    lf++;
                }
            }
        }

        return crlf > lf ? "\r\n" : "\n";
    }
}
