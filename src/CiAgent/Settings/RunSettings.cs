using CiAgent.Policy;

namespace CiAgent.Settings;

/// <summary>Everything one run was asked to do: resolved once from the command line, the environment and .ciagent.yml, then only read.</summary>
public sealed record RunSettings
{
    /// <summary>The workspace root, as a full path.</summary>
    public required string Workspace { get; init; }

    /// <summary>The solution or project to build, relative to the workspace or absolute; null means the single one at the root.</summary>
    public string? Target { get; init; }

    /// <summary>Only the build must be green; tests do not run.</summary>
    public bool NoTests { get; init; }

    /// <summary>Run even when the working tree has uncommitted changes (they are preserved and never committed).</summary>
    public bool AllowDirty { get; init; }

    /// <summary>Log in detail.</summary>
    public bool Debug { get; init; }

    /// <summary>Which model to call and how.</summary>
    public ModelSection Model { get; init; } = new();

    /// <summary>Budgets and time limits.</summary>
    public LimitsSection Limits { get; init; } = new();

    /// <summary>The test-integrity policy every change is checked against, with the one merged list of protected paths.</summary>
    public IntegrityPolicyOptions Policy { get; init; } = IntegrityPolicyOptions.Default;

    /// <summary>What the model's tools may touch.</summary>
    public JailSection Jail { get; init; } = new();

    /// <summary>Where the report, summary, patches and trajectory go.</summary>
    public required OutputSection Outputs { get; init; }

    /// <summary>What happens to a verified result.</summary>
    public DeliverySection Delivery { get; init; } = new();

    /// <summary>The spec and the roles' settings, for `ciagent implement`.</summary>
    public ImplementSection Implement { get; init; } = new();
}
