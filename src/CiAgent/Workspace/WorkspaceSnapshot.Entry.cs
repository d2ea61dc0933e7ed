using System.Security.Cryptography;
using System.Text;

namespace CiAgent.Workspace;

public sealed partial class WorkspaceSnapshot
{
    // One recorded file: its hash and size to tell a change, its mode and link target to put it back, and its bytes when kept.
    private sealed record Entry(string Path, long Size, byte[] Hash, UnixFileMode? Mode, string? LinkTarget, bool InHead, byte[]? Bytes)
    {
        public static Entry ForLink(string path, string target, bool inHead) =>
            new(path, 0, SHA256.HashData(Encoding.UTF8.GetBytes("symlink:" + target)), null, target, inHead, null);
    }

    private static async Task<(byte[] Hash, long Size)> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return (hash, stream.Length);
    }

    // Submodules are listed by git but are directories holding another repository's files.
    private static bool IsFileOrLink(string full) => new FileInfo(full) is var info && (info.LinkTarget is not null || info.Exists);

    private static UnixFileMode? ModeOf(string path) => OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path);
}
