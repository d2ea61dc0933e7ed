using CiAgent.Kernel;
using CiAgent.Outputs.Delivery;
using CiAgent.Outputs.Markdown;
using CiAgent.Outputs.Report;
using CiAgent.Workspace;
using Serilog;

namespace CiAgent.Outputs;

/// <summary>The end of a run: a verified change is diffed, committed and delivered; anything else keeps its best attempt as a patch and is put back exactly.</summary>
/// <param name="workspace">The run's workspace.</param>
/// <param name="progress">What the run did so far.</param>
/// <param name="outputDirectory">Where patches go.</param>
/// <param name="provider">The model provider, for the report.</param>
/// <param name="log">The run's log.</param>
/// <param name="redact">Removes secrets from what is written.</param>
/// <param name="describe">Adds what only the orchestrator knows to every report made here (an implement run's spec, plan and review).</param>
public sealed class FixHandover(RunWorkspace workspace, RunProgress progress, string outputDirectory, string provider, ILogger log, Func<string, string> redact, Func<RunReport, RunReport>? describe = null)
{
    /// <summary>Diffs, commits and delivers the change; returns why delivery failed (the local commit is then undone), or null.</summary>
    /// <param name="verified">The status the run ends with when delivery succeeds (healed, implemented), for the pull request's description.</param>
    /// <param name="mode">What to do with the change.</param>
    /// <param name="message">The commit message.</param>
    /// <param name="plan">Where to push or open the pull request, when the mode needs it.</param>
    /// <param name="elapsed">The run's time so far, for the description.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    public async Task<string?> CommitAndDeliverAsync(RunStatus verified, CommitMode mode, string message, DeliveryPlan? plan, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        progress.ChangedFiles = [.. workspace.EditedFiles.Order(StringComparer.Ordinal)];
        if (workspace.Git is not { } git || workspace.EditedFiles.Count == 0)
        {
            return null;
        }

        progress.Diff = redact(await git.DiffAsync(GitPaths(), cancellationToken).ConfigureAwait(false));
        if (mode != CommitMode.None)
        {
            await git.EnsureIdentityAsync(cancellationToken).ConfigureAwait(false);
            message = redact(message);
            progress.Commit = await git.CommitAsync(GitPaths(), message, cancellationToken).ConfigureAwait(false);
            log.Information("Committed {Sha}: {Subject}", progress.Commit, message.Split('\n')[0]);
        }

        return plan is null ? null : await DeliverAsync(git, plan, verified, elapsed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the run: a success keeps the tree as the run made it; anything else keeps partial.patch and restores the tree; then the report is built.</summary>
    public async Task<RunResult> EndAsync(RunStatus status, string reason, TimeSpan elapsed)
    {
        if (status.Succeeded)
        {
            progress.ChangedFiles = [.. workspace.EditedFiles.Order(StringComparer.Ordinal)];
        }
        else
        {
            await KeepPartialPatchAsync(progress.BestFiles).ConfigureAwait(false);
            await RestoreAsync().ConfigureAwait(false);
        }

        return new RunResult(Report(status, reason, elapsed), status.ExitCode, progress.Diff);
    }

    private RunReport Report(RunStatus status, string reason, TimeSpan elapsed)
    {
        var report = ReportBuilder.Build(status, reason, progress, provider, workspace.Root, workspace.Target, elapsed);
        return describe is null ? report : describe(report);
    }

    // partial.patch is made from the best state reached (when the run edited anything), before the workspace is restored.
    private async Task KeepPartialPatchAsync(IReadOnlyDictionary<string, byte[]>? bestFiles)
    {
        if (workspace.EditedFiles.Count == 0 || workspace.Git is not { } git)
        {
            return;
        }

        try
        {
            // The diagnosis is worth more with the attempt that came closest: put the best state's files back before diffing.
            foreach (var (relative, bytes) in bestFiles ?? new Dictionary<string, byte[]>())
            {
                await File.WriteAllBytesAsync(Path.Combine(workspace.Root, relative), bytes).ConfigureAwait(false);
            }

            var diff = await git.DiffAsync(GitPaths(), CancellationToken.None).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(diff))
            {
                Directory.CreateDirectory(outputDirectory);
                var path = Path.Combine(outputDirectory, "partial.patch");
                await File.WriteAllTextAsync(path, redact(diff)).ConfigureAwait(false);
                progress.Artifacts["partialPatch"] = path;
                log.Information("The best attempt is kept in {Patch}", path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or GitException)
        {
            log.Warning("Could not write the partial patch: {Reason}", e.Message);
        }
    }

    // Every non-ignored file goes back as it was at the start; a path that cannot be restored is an infrastructure failure.
    private async Task RestoreAsync()
    {
        // Not the run's token: a cancelled or timed-out run must still put the workspace back.
        using var restoreLimit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await workspace.Snapshot.RestoreAsync(restoreLimit.Token).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var first = result.Failed[0];
            throw new InfrastructureException($"The workspace could not be fully restored: {first.Path}: {first.Reason} ({result.Failed.Count} paths in all).");
        }

        log.Information("Workspace restored to its state before the run");
    }

    // Delivery writes <out>/fix.patch in every mode, then pushes or opens the pull request; a failure there undoes the local commit.
    private async Task<string?> DeliverAsync(GitRepository git, DeliveryPlan plan, RunStatus verified, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var provisional = Report(verified, "Verified: the harness's own build and tests are green.", elapsed);
        var result = await new Deliverer(git, http, log, redact)
            .DeliverAsync(plan, redact(SummaryMarkdown.Render(SummaryContent.FromReport(provisional, progress.Diff), SummaryLayout.PullRequest)), outputDirectory, GitPaths(), cancellationToken)
            .ConfigureAwait(false);
        if (result.PatchPath is not null)
        {
            progress.Artifacts["patch"] = result.PatchPath;
        }

        progress.PullRequestUrl = result.PullRequestUrl;
        if (result.Delivered)
        {
            log.Information("{Delivery}", redact(result.Message));
            return null;
        }

        if (progress.Commit is not null && workspace.StartHead is { } start)
        {
            await git.MoveHeadAsync(start, CancellationToken.None).ConfigureAwait(false);
            progress.Commit = null;
        }

        return redact(result.Message);
    }

    private List<string> GitPaths() =>
        [.. workspace.EditedFiles.Select(workspace.GitPath).Order(StringComparer.Ordinal)];
}
