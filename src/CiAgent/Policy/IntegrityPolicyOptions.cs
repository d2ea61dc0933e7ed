using System.Collections.Immutable;
using CiAgent.Configuration;
using CiAgent.Kernel;
using CiAgent.Security;

namespace CiAgent.Policy;

/// <summary>What the integrity policy protects; immutable, with safe defaults.</summary>
public sealed record IntegrityPolicyOptions
{
    /// <summary>Paths no fix may touch: the shared list the model's jail uses too.</summary>
    public static readonly ImmutableArray<string> DefaultProtectedPaths = [.. Security.ProtectedPaths.Defaults];

    /// <summary>The defaults: the default paths protected.</summary>
    public static IntegrityPolicyOptions Default { get; } = new();

    /// <summary>Gitignore-style globs (see <see cref="PathPattern"/>) of paths no fix may add, change or delete.</summary>
    public ImmutableArray<string> ProtectedPaths { get; init; } = DefaultProtectedPaths;

    /// <summary>Applies a .ciagent.yml policy section: its paths are added to the defaults, and a path written as !pattern removes that pattern (never .ciagent.yml itself); no rule can be switched off.</summary>
    public static IntegrityPolicyOptions FromConfig(ConfigPolicy? policy)
    {
        if (policy is null)
        {
            return Default;
        }

        // Adding is the common wish; replacing the list would silently unprotect .github the first time someone protects one folder.
        var paths = DefaultProtectedPaths.ToList();
        foreach (var path in policy.ProtectedPaths)
        {
            if (path.StartsWith('!'))
            {
                // The file that sets the policy can never be opened to the fix it judges; every other rule reads content, not this list, so none can be switched off here.
                if (path[1..].Trim() == ".ciagent.yml")
                {
                    throw new UsageException(".ciagent.yml: policy.protectedPaths cannot remove '.ciagent.yml': a fix may never rewrite the policy that judges it.");
                }

                paths.RemoveAll(existing => existing == path[1..]);
            }
            else if (!paths.Contains(path))
            {
                paths.Add(path);
            }
        }

        // The section's allowTestEdits is not read here: it lets the model edit test files, never turns the rules that guard tests off.
        return new IntegrityPolicyOptions { ProtectedPaths = [.. paths] };
    }
}
