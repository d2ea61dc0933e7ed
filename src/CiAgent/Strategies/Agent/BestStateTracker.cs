using CiAgent.Kernel;
using CiAgent.Workspace;

namespace CiAgent.Strategies.Agent;

/// <summary>Remembers the latest verified state and the best one (fewest errors, then fewest failing tests) with the edited files as they were then.</summary>
public sealed class BestStateTracker(RunWorkspace workspace, BuildTestVerdict start, Action<BuildTestVerdict>? onVerified = null)
{
    private Dictionary<string, byte[]> _bestFiles = [];

    /// <summary>The state the last verification saw.</summary>
    public BuildTestVerdict Latest { get; private set; } = start;

    /// <summary>The best state seen so far (the start until something beats it).</summary>
    public BuildTestVerdict Best { get; private set; } = start;

    /// <summary>The edited files' contents in the best state, by workspace-relative path.</summary>
    public IReadOnlyDictionary<string, byte[]> BestFiles => _bestFiles;

    /// <summary>Considers a newly verified state; a green final state always wins.</summary>
    public void Offer(BuildTestVerdict state, bool final = false)
    {
        Latest = state;
        onVerified?.Invoke(state);
        if (final || state.Badness < Best.Badness)
        {
            Best = state;
            _bestFiles = workspace.EditedFiles
                .Select(relative => (relative, path: Path.Combine(workspace.Root, relative)))
                .Where(f => File.Exists(f.path))
                .ToDictionary(f => f.relative, f => File.ReadAllBytes(f.path), StringComparer.Ordinal);
        }
    }
}
