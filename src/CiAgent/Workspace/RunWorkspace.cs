using CiAgent.Kernel;
using Serilog;

namespace CiAgent.Workspace;

/// <summary>The workspace a run works in: its target, its repository, the snapshot it can always go back to, and the files the run edited.</summary>
public sealed class RunWorkspace
{
    private readonly HashSet<string> _edited = new(StringComparer.Ordinal);

    private RunWorkspace(string root, string target, GitRepository? git, WorkspaceSnapshot snapshot, string? startHead, IReadOnlyList<string> startDirtyPaths)
    {
        Root = root;
        Target = target;
        Git = git;
        Snapshot = snapshot;
        StartHead = startHead;
        StartDirtyPaths = startDirtyPaths;
    }

    /// <summary>The workspace root.</summary>
    public string Root { get; }

    /// <summary>Full path of the solution or project that is built.</summary>
    public string Target { get; }

    /// <summary>The git repository, or null when the workspace is not in one.</summary>
    public GitRepository? Git { get; }

    /// <summary>The state at the start of the run, which a run that does not heal goes back to.</summary>
    public WorkspaceSnapshot Snapshot { get; }

    /// <summary>HEAD when the run started.</summary>
    public string? StartHead { get; }

    /// <summary>Paths relative to the repository root that git reported changed or untracked when the run started, before the run wrote anything.</summary>
    public IReadOnlyList<string> StartDirtyPaths { get; }

    /// <summary>Files this run wrote, relative to the root with '/' separators.</summary>
    public IReadOnlyCollection<string> EditedFiles => _edited;

    /// <summary>Validates the workspace and takes its snapshot; nothing in it is changed.</summary>
    /// <param name="workspace">The workspace root.</param>
    /// <param name="target">The solution or project to build, or null for the single one at the root.</param>
    /// <param name="commit">What the run will do with a result (anything but none needs git).</param>
    /// <param name="outputInside">The run's output folder when it lies inside the workspace (it is then left out of git and the snapshot), else null.</param>
    /// <param name="allowDirty">Whether uncommitted changes are allowed.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <exception cref="UsageException">The workspace, target or repository state does not allow the run.</exception>
    public static async Task<RunWorkspace> OpenAsync(string workspace, string? target, CommitMode commit, string? outputInside, bool allowDirty, ILogger log, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(workspace);
        if (File.Exists(root))
        {
            throw new UsageException($"The workspace '{workspace}' is a file, not a directory; pass --workspace DIR.");
        }

        if (!Directory.Exists(root))
        {
            throw new UsageException($"The workspace '{workspace}' does not exist; pass --workspace DIR.");
        }

        var buildTarget = TargetResolver.Resolve(root, target);
        if (TargetResolver.Preference(buildTarget) is { } preference)
        {
            log.Information("{Preference}", preference);
        }

        var git = await GitRepository.TryOpenAsync(root, cancellationToken).ConfigureAwait(false);
        if (git is null && commit != CommitMode.None)
        {
            throw new UsageException($"The workspace {root} is not a git repository; --commit {commit.ToString().ToLowerInvariant()} needs one (use --commit none).");
        }

        var excluded = new List<string>();
        if (outputInside is not null)
        {
            excluded.Add(WorkspaceRelative.Of(outputInside, root));
            if (git is not null)
            {
                await git.ExcludeAsync(WorkspaceRelative.Of(outputInside, git.Root) + "/", cancellationToken).ConfigureAwait(false);
            }
        }

        string? head = null;
        IReadOnlyList<string> dirty = [];
        if (git is not null)
        {
            dirty = await git.GetDirtyPathsAsync(cancellationToken).ConfigureAwait(false);
            if (dirty.Count > 0 && !allowDirty)
            {
                var shown = string.Join(", ", dirty.Take(5)) + (dirty.Count > 5 ? $" and {dirty.Count - 5} more" : "");
                throw new UsageException($"The working tree has uncommitted changes ({shown}); commit or stash them, or pass --allow-dirty.");
            }

            if (dirty.Count > 0)
            {
                log.Warning("Running on a dirty working tree ({Count}); those changes are preserved and never committed", dirty.Count == 1 ? "1 changed file" : $"{dirty.Count} changed files");
            }

            head = await git.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        }

        // HEAD and the dirty paths were asked just now; the snapshot reuses them rather than running git again before the first build.
        var snapshot = await WorkspaceSnapshot.CaptureAsync(
            root, git, excluded, WorkspaceSnapshot.DefaultKeptBytesLimit, git is null ? null : (head, dirty), cancellationToken).ConfigureAwait(false);
        return new RunWorkspace(root, buildTarget, git, snapshot, head, dirty);
    }

    /// <summary>The path relative to the root, with '/' separators.</summary>
    public string Relative(string path) => WorkspaceRelative.Of(Path.GetFullPath(path), Root);

    /// <summary>A workspace-relative path as git names it: relative to the repository root, which may sit above the workspace.</summary>
    public string GitPath(string relative) => WorkspaceRelative.Of(Path.Combine(Root, relative), Git?.Root ?? Root);

    /// <summary>Writes a file on the run's behalf, remembering it for the commit.</summary>
    public void Write(TextFile file)
    {
        file.Save();
        _edited.Add(Relative(file.Path));
    }

    /// <summary>Records a file written on the run's behalf by someone else (the model's tools).</summary>
    public void Track(string path) => _edited.Add(Relative(Path.GetFullPath(path)));

    /// <summary>Forgets an edit that was undone.</summary>
    public void Forget(string path) => _edited.Remove(Relative(path));
}
