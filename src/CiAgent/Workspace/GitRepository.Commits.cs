using System.Text;

namespace CiAgent.Workspace;

public sealed partial class GitRepository
{
    /// <summary>Commits exactly the given repository-relative paths as they are in the work tree (deletions included) and returns the new commit's sha; other staged or unstaged changes stay as they were.</summary>
    public async Task<string> CommitAsync(IReadOnlyList<string> paths, string message, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            throw new ArgumentException("Name at least one path to commit.", nameof(paths));
        }

        // `commit --only` refuses paths git does not know yet, so new files are put in the index first and taken out again if the commit fails.
        // Whole listings filtered here rather than pathspecs on the command line, which a large heal could push past the OS's argument limit.
        var known = SplitNul(await RunAsync(["ls-files", "-z", "--cached"], read: true, cancellationToken, ListingOutputLimit)
            .ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var head = await GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var inHead = head is null
            ? new HashSet<string>(StringComparer.Ordinal)
            : SplitNul(await RunAsync(["ls-tree", "-z", "-r", "--name-only", "HEAD"], read: true, cancellationToken, ListingOutputLimit)
                .ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var added = paths.Where(p => !known.Contains(p) && !inHead.Contains(p) && Path.Exists(Path.Combine(Root, p))).ToList();

        var messageFile = Path.Combine(Path.GetTempPath(), $"ciagent-commit-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(messageFile, message, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        try
        {
            if (added.Count > 0)
            {
                // -f: the caller named these files; an ignore rule must not silently drop one from the commit.
                await RunWithPathspecFileAsync(["add", "-f"], added, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                // whitespace cleanup keeps lines starting with '#' (issue numbers) that the default "strip" mode would delete.
                await RunWithPathspecFileAsync(["commit", "--only", "--cleanup=whitespace", "-F", messageFile], paths, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (GitException) when (added.Count > 0)
            {
                await RunWithPathspecFileAsync(["rm", "--cached", "--quiet", "--ignore-unmatch"], added, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            File.Delete(messageFile);
        }

        return (await GetHeadAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Puts the given repository-relative paths back to their content at HEAD, in the index and in the work tree.</summary>
    internal Task CheckoutFromHeadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        paths.Count == 0 ? Task.CompletedTask : RunWithPathspecFileAsync(["checkout", "HEAD"], paths, cancellationToken);
}
