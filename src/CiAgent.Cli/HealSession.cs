using CiAgent.Context;
using CiAgent.Healing;
using CiAgent.Security;
using CiAgent.Settings;
using CiAgent.Strategies;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Offline;
using Microsoft.Extensions.AI;

namespace CiAgent.Cli;

/// <summary>Composes a heal: the offline tier, then the model tier when a provider is configured, under the shared run session.</summary>
internal static class HealSession
{
    /// <summary>The session that runs one heal with these settings.</summary>
    public static RunSession Create(RunSettings settings, IReadOnlyDictionary<string, string?> environment, TextWriter output, TextWriter error) =>
        new(settings, environment, output, error, "heal", (chat, log, redact, buildLog, cancellationToken) =>
            new HealRun(settings, Tiers(settings, chat, redact), log, redact, environment, buildLog).ExecuteAsync(cancellationToken));

    private static List<IHealTier> Tiers(RunSettings settings, IChatClient? chat, Func<string, string> redact)
    {
        // The offline tier keeps the failing projects' compilations it loaded, so the model tier's run_build can check edits in memory.
        var compilations = new CompilationCache();
        List<IHealTier> tiers = [new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)), compilations)];
        if (chat is not null)
        {
            var options = new ModelTierOptions
            {
                Limits = settings.Limits.Agent,
                AllowTestEdits = settings.Jail.AllowTestEdits,
                ProtectedPaths = settings.Policy.ProtectedPaths,
                OutputDirectory = settings.Outputs.Directory,
                Redact = redact,
                Compilations = compilations,
                // The heal sets flakes apart after every tier and reports them, unless told not to rerun failing tests at all.
                ConfirmNewFailures = settings.Limits.FlakeReruns > 0,
            };
            tiers.Add(new ModelHealTier(chat, options, settings.Policy));
        }

        return tiers;
    }
}
