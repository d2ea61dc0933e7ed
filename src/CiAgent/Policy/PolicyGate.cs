using CiAgent.Kernel;
using CiAgent.Security;
using CiAgent.Workspace;

namespace CiAgent.Policy;

/// <summary>Checks everything a run changed against the test-integrity policy, comparing each edited file with its state at the start.</summary>
public sealed class PolicyGate(RunWorkspace workspace, IntegrityPolicyOptions options)
{
    private readonly TestFileClassifier _tests = new(workspace.Root);

    /// <summary>The violations the run's changes so far would commit.</summary>
    public async Task<IReadOnlyList<PolicyViolation>> CheckAsync(CancellationToken cancellationToken)
    {
        var changes = new List<FileChange>();

        // No tool deletes a file, but whatever did (a build step, a test), a deleted test must not slip past the backstop.
        var deleted = workspace.Snapshot.Paths.Where(path => !File.Exists(Path.Combine(workspace.Root, path)) && !Directory.Exists(Path.Combine(workspace.Root, path)));
        foreach (var relative in workspace.EditedFiles.Union(deleted, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var full = Path.Combine(workspace.Root, relative);
            var before = await OriginalAsync(relative, cancellationToken).ConfigureAwait(false);
            var after = File.Exists(full) ? TextFile.Read(full).Text : null;
            if (before != after)
            {
                changes.Add(new FileChange(relative, before, after, _tests.IsTestFile(full)));
            }
        }

        return IntegrityPolicy.Check(changes, options);
    }

    /// <summary>Checks one edit before it is written: the file's text at the start against <paramref name="after"/>; returns the refusal to give, or null.</summary>
    /// <param name="fullPath">The file the edit would write.</param>
    /// <param name="after">Its whole text after the edit, or null for a deletion.</param>
    /// <param name="cancellationToken">Cancels reading the original from git.</param>
    public async Task<string?> EditRefusalAsync(string fullPath, string? after, CancellationToken cancellationToken)
    {
        var relative = workspace.Relative(fullPath);
        var before = await OriginalAsync(relative, cancellationToken).ConfigureAwait(false);
        var violations = before == after ? [] : IntegrityPolicy.Check([new FileChange(relative, before, after, _tests.IsTestFile(fullPath))], options);
        return violations.Count == 0
            ? null
            : "Nothing was written: the test-integrity policy refuses this edit:\n" + List(violations) + "\nInstead: " + IntegrityPolicy.Instead(violations);
    }

    /// <summary>What to tell the model when its changes break the policy, or null when they do not.</summary>
    public static string? Refusal(IReadOnlyList<PolicyViolation> violations) =>
        violations.Count == 0
            ? null
            : "The test-integrity policy refuses this change:\n" + List(violations) + "\nUndo it. Instead: " + IntegrityPolicy.Instead(violations);

    private static string List(IReadOnlyList<PolicyViolation> violations) => string.Join('\n', violations.Select(v => $"- [{v.Rule}] {v}"));

    private async Task<string?> OriginalAsync(string relative, CancellationToken cancellationToken)
    {
        if (workspace.Snapshot.TryGetOriginal(relative, out var bytes))
        {
            return TextFile.FromBytes(relative, bytes).Text;
        }

        // Large clean files are not kept in memory; HEAD has them as they were.
        return workspace.Git is { } git ? await git.ShowAtHeadAsync(workspace.GitPath(relative), cancellationToken).ConfigureAwait(false) : null;
    }
}
