using CiAgent.Security;
using CiAgent.Workspace;

namespace CiAgent.Strategies.Tools;

/// <summary>Walks and reads workspace files the way every tool must: skipping build output and .git, never following links, and filtering secrets.</summary>
internal static class WorkspaceFiles
{
    /// <summary>Files larger than this are not read as text: they are data or generated, and would flood the model.</summary>
    public const long MaxTextBytes = 4 * 1024 * 1024;

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".git", "node_modules" };

    private static readonly EnumerationOptions Options = new()
    {
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        RecurseSubdirectories = false,
    };

    /// <summary>True for folder names the tools never descend into.</summary>
    public static bool IsSkippedFolder(string name) => SkippedFolders.Contains(name);

    /// <summary>The entries directly in <paramref name="directory"/>, ordered by name, without skipped folders.</summary>
    public static IEnumerable<FileSystemInfo> Children(string directory) =>
        new DirectoryInfo(directory)
            .EnumerateFileSystemInfos("*", Options)
            .Where(entry => !(entry is DirectoryInfo && IsSkippedFolder(entry.Name)))
            .OrderBy(entry => entry.Name, StringComparer.Ordinal);

    /// <summary>True when the entry is a symbolic link; links are listed but never followed, since the jail checks each path the model later asks for.</summary>
    public static bool IsLink(FileSystemInfo entry) => entry.Attributes.HasFlag(FileAttributes.ReparsePoint) || entry.LinkTarget is not null;

    /// <summary>Every regular file under <paramref name="directory"/>, depth first in name order.</summary>
    public static IEnumerable<string> EnumerateFiles(string directory, CancellationToken cancellationToken)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var children = Children(pending.Pop()).Where(entry => !IsLink(entry)).ToList();
            foreach (var file in children.OfType<FileInfo>())
            {
                yield return file.FullName;
            }

            foreach (var folder in children.OfType<DirectoryInfo>().Reverse())
            {
                pending.Push(folder.FullName);
            }
        }
    }

    /// <summary>True when the file looks binary: a NUL byte near the start of a file without a UTF-16/32 byte-order mark.</summary>
    public static bool LooksBinary(string fullPath)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[8192];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var head = buffer.AsSpan(0, read);
        if (head.StartsWith<byte>([0xFF, 0xFE]) || head.StartsWith<byte>([0xFE, 0xFF]))
        {
            return false;
        }

        return head.Contains((byte)0);
    }

    /// <summary>The text of a file as the model may see it: decoded by <see cref="TextFile"/>, with appsettings secrets masked.</summary>
    public static string ReadForModel(string fullPath, string relativePath) =>
        SecretFileFilter.Filter(relativePath, TextFile.Read(fullPath).Text);

    /// <summary>Splits text into lines on CRLF, LF or CR; a final line ending does not start an extra empty line.</summary>
    public static string[] SplitLines(string text)
    {
        var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    /// <summary>Formats one line the way read_file shows it, such as "  12| text".</summary>
    public static string Numbered(int lineNumber, string text, int width) =>
        $"{lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width)}| {text}";

    /// <summary>The column width that fits line numbers up to <paramref name="lastLine"/>, at least four.</summary>
    public static int NumberWidth(int lastLine) => Math.Max(4, lastLine.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
}
