using CiAgent.Kernel;

namespace CiAgent.Strategies;

/// <summary>One way of healing a workspace, tried in order by the heal orchestrator: the offline fixers, then the model.</summary>
public interface IHealTier
{
    /// <summary>The tier's name, as the log and the report call it.</summary>
    string Name { get; }

    /// <summary>True when the tier has something to try on this verdict (flaky tests already set apart).</summary>
    bool Applies(BuildTestVerdict verdict);

    /// <summary>Starts, in the background, what the tier would do first on this verdict, while the harness reruns the failing tests; the default starts nothing.</summary>
    /// <remarks>The run cancels the token once it no longer needs the work (every failure was flaky, or the run ended).</remarks>
    void Anticipate(TierContext context, BuildTestVerdict verdict, CancellationToken cancellationToken)
    {
    }

    /// <summary>Tries to heal, recording fixes, rounds and spend in the run's progress; returns the latest verdict the harness verified.</summary>
    Task<BuildTestVerdict> HealAsync(TierContext context, BuildTestVerdict verdict, CancellationToken cancellationToken);
}
