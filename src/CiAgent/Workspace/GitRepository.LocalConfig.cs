using System.Text;

namespace CiAgent.Workspace;

public sealed partial class GitRepository
{
    /// <summary>Makes git ignore a root-relative path for this clone only, by adding it to info/exclude unless it is already there.</summary>
    public async Task ExcludeAsync(string relativePath, CancellationToken cancellationToken = default)
    {
        var pattern = ExcludePattern(relativePath);

        // info/exclude lives in the common directory, which in a linked worktree is not <root>/.git.
        var file = _excludeFile
            ?? Path.GetFullPath((await RunAsync(["rev-parse", "--git-path", "info/exclude"], read: true, cancellationToken).ConfigureAwait(false)).Trim(), Root);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var existing = File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : string.Empty;
        if (existing.Split('\n').Any(line => line.TrimEnd('\r') == pattern))
        {
            return;
        }

        var separator = existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : "\n";
        await File.AppendAllTextAsync(file, separator + pattern + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets a repository-local user.name and user.email when git has none configured; returns true when it had to.</summary>
    public async Task<bool> EnsureIdentityAsync(CancellationToken cancellationToken = default)
    {
        var changed = false;
        foreach (var (key, fallback) in new[] { ("user.name", FallbackUserName), ("user.email", FallbackUserEmail) })
        {
            string[] get = ["config", "--get", key];
            var current = await RunRawAsync(get, read: true, null, DefaultTimeout, cancellationToken).ConfigureAwait(false);

            // Exit 1 means "not set anywhere"; anything else is a broken config the user must see.
            if (current.ExitCode == 1)
            {
                await RunAsync(["config", "--local", key, fallback], read: false, cancellationToken).ConfigureAwait(false);
                changed = true;
            }
            else
            {
                EnsureSucceeded(get, current);
            }
        }

        return changed;
    }

    private static string ExcludePattern(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').TrimStart('/');
        if (path.Length == 0)
        {
            throw new ArgumentException("Name a path below the repository root.", nameof(relativePath));
        }

        var escaped = new StringBuilder("/");
        foreach (var c in path)
        {
            // Glob characters in a real file name must match literally.
            if (c is '*' or '?' or '[' or '\\' or '!' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        // gitignore drops trailing spaces unless they are escaped; escaping the last one protects those before it.
        if (escaped[^1] == ' ')
        {
            escaped.Length--;
            escaped.Append("\\ ");
        }

        return escaped.ToString();
    }
}
