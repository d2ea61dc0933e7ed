using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// Reads from git what the breakage changed: what the working tree changed relative to HEAD, or, for a file the working tree left
/// alone, what the HEAD commit changed relative to its first parent (what CI checks out). From it come the member renames behind a
/// compilation's "no such member" errors, and whether fixes have put back what the changed files declared.
/// </summary>
/// <remarks>
/// Git is asked only when a rename error needs it: once for the files HEAD changed, then once per changed file that declares a type
/// such an error looks a member up on (that file's old text, compared with the current one in syntax). Answers are kept for the run.
/// Without a repository, or without HEAD's parent (a root commit, a shallow clone), there is no history and similarity decides alone.
/// </remarks>
/// <param name="git">The repository, or null outside one.</param>
/// <param name="dirtyAtStart">Repository-relative paths git reported changed or untracked before the run wrote anything.</param>
internal sealed class RenameHistory(GitRepository? git, IReadOnlyCollection<string> dirtyAtStart)
{
    private readonly Dictionary<string, IReadOnlyList<MemberRename>> _renamesByFile = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, Baseline>? _changedFiles;
    private IReadOnlyList<string>? _changedPaths;

    /// <summary>Creates the history of a run's workspace, as git reported it when the run started.</summary>
    public RenameHistory(RunWorkspace workspace)
        : this(workspace.Git, workspace.StartDirtyPaths)
    {
    }

    /// <summary>The renames, among the changed files, of members in the types the compilation's rename errors look members up on.</summary>
    public async Task<MemberRenames> ReadAsync(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        if (git is null)
        {
            return MemberRenames.None;
        }

        var types = TypesLookedIn(compilation, errors, ct);
        if (types.Count == 0)
        {
            return Known();
        }

        try
        {
            foreach (var (path, baseline) in (await ChangedFilesAsync(ct).ConfigureAwait(false)).Where(f => IsCSharp(f.Key)))
            {
                if (!_renamesByFile.ContainsKey(path) && Current(path, types, ct) is { } current)
                {
                    var old = await git.ShowFileAsync(baseline.Revision, path, ct).ConfigureAwait(false);
                    _renamesByFile[path] = old is null
                        ? []
                        : DeclarationRenames.Between(CSharpSyntaxTree.ParseText(old, cancellationToken: ct).GetRoot(ct), current, baseline.ChangedBy);
                }
            }
        }
        catch (Exception e) when (e is GitException or IOException)
        {
            // History is a hint: a git or a file that fails here leaves the renames found so far, and similarity for the rest.
        }

        return Known();
    }

    /// <summary>The full paths of the files the working tree or the HEAD commit changed, where a breakage most likely lies; empty without history.</summary>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync(CancellationToken ct)
    {
        if (git is null)
        {
            return [];
        }

        try
        {
            await ChangedFilesAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is GitException or IOException)
        {
            _changedPaths = [];
        }

        return _changedPaths ?? [];
    }

    /// <summary>
    /// The names through which other projects reach what the files the breakage changed, and the other files the run edited, now
    /// declare differently from before (see <see cref="DeclarationShape.ChangedNames"/>): empty when every one declares again what it
    /// did, as a project file or any other file does with the same text (notes aside). Null when that cannot be told: without history
    /// (or with notes alone), with more changed files than are worth asking git about (a merge), or where something differs that no
    /// name stands for.
    /// </summary>
    /// <param name="editedBefore">The files the run edited, by full path, with their text before its first edit.</param>
    /// <param name="ct">Cancels the comparison.</param>
    public async Task<IReadOnlySet<string>?> ChangedDeclarationsAsync(IReadOnlyDictionary<string, string> editedBefore, CancellationToken ct)
    {
        if (git is null)
        {
            return null;
        }

        try
        {
            var changed = await ChangedFilesAsync(ct).ConfigureAwait(false);
            // A commit of notes alone says nothing of where the breakage lies.
            if (changed.Count > MaxFilesCompared || changed.Keys.All(IsProse))
            {
                return null;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, baseline) in changed)
            {
                if (IsProse(path))
                {
                    continue;
                }

                if (Differences(path, await git.ShowFileAsync(baseline.Revision, path, ct).ConfigureAwait(false), ReadIfAny(FullPath(path)), ct) is not { } found)
                {
                    return null;
                }

                names.UnionWith(found);
            }

            var breakage = _changedPaths!.ToHashSet(StringComparer.Ordinal);
            foreach (var (path, before) in editedBefore.Where(e => !breakage.Contains(e.Key)))
            {
                if (Differences(path, before, ReadIfAny(path), ct) is not { } found)
                {
                    return null;
                }

                names.UnionWith(found);
            }

            return names;
        }
        catch (Exception e) when (e is GitException or IOException)
        {
            return null;
        }
    }

    private const int MaxFilesCompared = 64;

    private static bool IsCSharp(string path) => path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    // Text no build reads: a breakage commit that also edits its notes still declares what it did.
    private static bool IsProse(string path) => Path.GetExtension(path).ToLowerInvariant() is ".md" or ".txt";

    private static string? ReadIfAny(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    // A file absent in both declares the same; a file added or deleted is not told apart by name. Git's text keeps a byte-order mark
    // and may end lines differently from the working tree's.
    private static IReadOnlySet<string>? Differences(string path, string? before, string? after, CancellationToken ct) => (before, after) switch
    {
        (null, null) => new HashSet<string>(),
        (null, _) or (_, null) => null,
        _ when IsCSharp(path) => DeclarationShape.ChangedNames(CSharpSyntaxTree.ParseText(before, cancellationToken: ct), CSharpSyntaxTree.ParseText(after, cancellationToken: ct), ct),
        _ => Plain(before) == Plain(after) ? new HashSet<string>() : null,
    };

    private static string Plain(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n");

    private string FullPath(string repositoryPath) => Path.GetFullPath(Path.Combine(git!.Root, repositoryPath));

    private MemberRenames Known() => new(_renamesByFile.Values.SelectMany(r => r));

    /// <summary>Each changed file with what to compare it against: HEAD for one the working tree changed, else HEAD's first parent.</summary>
    private async Task<IReadOnlyDictionary<string, Baseline>> ChangedFilesAsync(CancellationToken ct)
    {
        if (_changedFiles is null)
        {
            var files = new SortedDictionary<string, Baseline>(StringComparer.Ordinal);
            foreach (var path in await git!.ListChangedByHeadAsync(ct).ConfigureAwait(false) ?? [])
            {
                files[path] = new Baseline("HEAD^1", "HEAD");
            }

            // The working tree's own change is the latest one, so it wins for a file both changed.
            foreach (var path in dirtyAtStart)
            {
                files[path] = new Baseline("HEAD", "the working tree");
            }

            _changedPaths = [.. files.Keys.Select(FullPath)];
            _changedFiles = files;
        }

        return _changedFiles;
    }

    /// <summary>The file's current syntax when it declares one of the types, else null.</summary>
    private SyntaxNode? Current(string path, IReadOnlyDictionary<string, string> types, CancellationToken ct)
    {
        var full = FullPath(path);
        if (!File.Exists(full))
        {
            return null;
        }

        // Only a file that mentions a type's simple name is parsed: a merge commit can change many files.
        var text = File.ReadAllText(full);
        if (!types.Values.Any(name => text.Contains(name, StringComparison.Ordinal)))
        {
            return null;
        }

        var root = CSharpSyntaxTree.ParseText(text, path: full, cancellationToken: ct).GetRoot(ct);
        return DeclarationRenames.DeclaredTypes(root).Any(types.ContainsKey) ? root : null;
    }

    /// <summary>The types, by full metadata name with their simple names, in which rename errors look a missing member up.</summary>
    private static Dictionary<string, string> TypesLookedIn(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        foreach (var error in errors)
        {
            if (!RenamedMemberFixer.IsMissingMember(error) || error.Location.SourceTree is not { } tree)
            {
                continue;
            }

            if (!models.TryGetValue(tree, out var model))
            {
                model = models[tree] = compilation.GetSemanticModel(tree);
            }

            if (MemberUse.Locate(error, model, ct) is { } site)
            {
                foreach (var type in MemberRenames.SearchedTypes(site.Receiver))
                {
                    types[TypeIdentity.Of(type)] = type.Name;
                }
            }
        }

        return types;
    }

    /// <summary>The revision a changed file is compared against, and the change that separates the two, as a log reads it.</summary>
    private sealed record Baseline(string Revision, string ChangedBy);
}
