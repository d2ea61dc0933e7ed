namespace CiAgent.Workspace;

/// <summary>What a push may do beyond sending a refspec: per-run configuration and a lease on the remote ref.</summary>
public sealed record PushSettings
{
    /// <summary>Configuration entries, in order, that apply to this one git run only; they never reach .git/config nor the command line.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TransientConfig { get; init; } = [];

    /// <summary>A lease in git's "&lt;ref&gt;:&lt;expected sha&gt;" form (an empty sha means "must not exist"), or null for a plain push.</summary>
    public string? ForceWithLease { get; init; }
}
