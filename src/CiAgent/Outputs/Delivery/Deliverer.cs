using System.Text;
using CiAgent.Kernel;
using CiAgent.Workspace;
using Serilog;

namespace CiAgent.Outputs.Delivery;

/// <summary>Sends a fix where the plan says, once the fix commit exists: nowhere, to the checked-out branch, or to a pull request; a patch is always left behind.</summary>
/// <param name="git">The repository holding the fix.</param>
/// <param name="http">The client for the pull request APIs.</param>
/// <param name="log">Where progress is logged.</param>
/// <param name="redact">Masks secrets in fix.patch: its context lines are the user's files, which may hold a token the run knows as secret.</param>
public sealed class Deliverer(GitRepository git, HttpClient http, ILogger? log = null, Func<string, string>? redact = null)
{
    /// <summary>The file name of the patch in the output folder.</summary>
    public const string PatchFileName = "fix.patch";

    private readonly ILogger _log = log ?? Serilog.Core.Logger.None;

    /// <summary>Writes the patch, then delivers the fix as the plan says and reports how it went; a refused push or API call is an outcome, not an exception.</summary>
    /// <param name="plan">The plan preflight returned.</param>
    /// <param name="summaryMarkdown">The run's Markdown summary, which becomes the pull request's body.</param>
    /// <param name="outputDirectory">The output folder that receives fix.patch.</param>
    /// <param name="changedPaths">For --commit none only: the repository-relative paths the fix changed (null means the whole working tree).</param>
    /// <param name="cancellationToken">Cancels git and HTTP calls.</param>
    /// <exception cref="GitException">git failed locally, before anything was sent.</exception>
    public async Task<DeliveryResult> DeliverAsync(
        DeliveryPlan plan,
        string summaryMarkdown,
        string outputDirectory,
        IReadOnlyList<string>? changedPaths = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // Written before any network step so the fix survives even if the push or the API call hangs until the job is killed.
        var patch = await WritePatchAsync(plan, outputDirectory, changedPaths, cancellationToken).ConfigureAwait(false);
        return plan.Mode switch
        {
            CommitMode.None => new DeliveryResult(DeliveryOutcome.LeftInWorkingTree, null, null, patch,
                $"The fix was left uncommitted in the working tree (--commit none){(patch is null ? "." : $"; {PatchFileName} holds it for git apply.")}"),
            CommitMode.Commit => new DeliveryResult(DeliveryOutcome.Committed, null, null, patch,
                $"The fix was committed as {await HeadAsync(cancellationToken).ConfigureAwait(false)} and not pushed (--commit commit)."),
            CommitMode.Push => await PushAsync(plan, patch, cancellationToken).ConfigureAwait(false),
            _ => await OpenPullRequestAsync(plan, summaryMarkdown, patch, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Writes &lt;outputDirectory&gt;/fix.patch: the HEAD commit for commit, push and pull-request, the working tree's diff against HEAD for none; returns its path, or null when there was nothing to write.</summary>
    public async Task<string?> WritePatchAsync(DeliveryPlan plan, string outputDirectory, IReadOnlyList<string>? changedPaths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = plan.Mode == CommitMode.None
            ? await git.DiffAsync(changedPaths, cancellationToken).ConfigureAwait(false)
            : await git.FormatHeadPatchAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        Directory.CreateDirectory(outputDirectory);
        var path = Path.GetFullPath(Path.Combine(outputDirectory, PatchFileName));
        await File.WriteAllTextAsync(path, redact is null ? text : redact(text), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private async Task<DeliveryResult> PushAsync(DeliveryPlan plan, string? patch, CancellationToken cancellationToken)
    {
        var branch = plan.TargetBranch!;
        var pushed = await git.PushAsync(DeliveryPlan.RemoteName, $"HEAD:refs/heads/{branch}", Settings(plan, null), cancellationToken).ConfigureAwait(false);
        if (pushed.Succeeded)
        {
            _log.Information("Pushed the fix to {Remote}/{Branch}", DeliveryPlan.RemoteName, branch);
            return new DeliveryResult(DeliveryOutcome.Pushed, null, branch, patch, $"The fix was pushed to {DeliveryPlan.RemoteName}/{branch}.");
        }

        return NotDelivered(plan, pushed, $"push the fix to {DeliveryPlan.RemoteName}/{branch}", patch);
    }

    private async Task<DeliveryResult> OpenPullRequestAsync(DeliveryPlan plan, string summaryMarkdown, string? patch, CancellationToken cancellationToken)
    {
        var host = plan.Host!;
        var branch = plan.TargetBranch!;
        var action = $"push the branch {branch} and open a pull request into {plan.BaseBranch}";

        // A rerun of the same pipeline run reuses the branch name; its old content is an earlier attempt and may be replaced,
        // but only if nobody moved it since we looked, hence a lease on exactly what the remote showed.
        string? existing;
        try
        {
            existing = await git.GetRemoteBranchHeadAsync(DeliveryPlan.RemoteName, branch, Settings(plan, null), cancellationToken).ConfigureAwait(false);
        }
        catch (GitException e)
        {
            var asPush = new PushResult(PushResult.Classify(e.ExitCode, "", e.StandardError), e.ExitCode, "", e.StandardError);
            return NotDelivered(plan, asPush, action, patch);
        }

        var lease = $"refs/heads/{branch}:{existing ?? ""}";
        var pushed = await git.PushAsync(DeliveryPlan.RemoteName, $"HEAD:refs/heads/{branch}", Settings(plan, lease), cancellationToken).ConfigureAwait(false);
        if (!pushed.Succeeded)
        {
            return NotDelivered(plan, pushed, action, patch);
        }

        _log.Information("Pushed {Branch} to {Remote}{Replaced}", branch, DeliveryPlan.RemoteName, existing is null ? "" : " (replacing an earlier attempt)");
        var title = await git.GetHeadSubjectAsync(cancellationToken).ConfigureAwait(false);
        var draft = new PullRequestDraft(branch, plan.BaseBranch!, title, summaryMarkdown, host.RunUrl);
        var answer = await host.CreatePullRequestApi(http).OpenOrUpdateAsync(draft, cancellationToken).ConfigureAwait(false);
        switch (answer.Outcome)
        {
            case PullRequestOutcome.Opened:
                return new DeliveryResult(DeliveryOutcome.PullRequestOpened, answer.Url, branch, patch, $"Opened pull request {answer.Url} from {branch} into {plan.BaseBranch}.");
            case PullRequestOutcome.Updated:
                return new DeliveryResult(DeliveryOutcome.PullRequestUpdated, answer.Url, branch, patch,
                    $"Updated the pull request already open from {branch} into {plan.BaseBranch}: {answer.Url}.");
        }

        var outcome = answer.Outcome == PullRequestOutcome.Denied ? DeliveryOutcome.PermissionDenied : DeliveryOutcome.Failed;
        var why = Redact($"{host.Name} refused to open the pull request ({answer.Detail})", host);
        var denied = outcome == DeliveryOutcome.PermissionDenied
            ? host is GitHubRepositoryHost
                ? " The token needs pull-requests: write, and the repository must allow GitHub Actions to create pull requests."
                : " The build service needs the Contribute to pull requests permission."
            : "";
        var message = $"The branch {branch} was pushed to {DeliveryPlan.RemoteName}, but {why}.{denied} Open the pull request from {branch} by hand, or {PatchAdvice(plan, patch)}";
        _log.Warning("{Message}", message);
        return new DeliveryResult(outcome, null, branch, patch, message);
    }

    private DeliveryResult NotDelivered(DeliveryPlan plan, PushResult pushed, string action, string? patch)
    {
        var (outcome, reason) = pushed.Outcome switch
        {
            PushOutcome.RejectedNonFastForward => (DeliveryOutcome.PushRejected, "the remote branch has commits this checkout lacks (someone pushed first)"),
            PushOutcome.RejectedByRemote => (DeliveryOutcome.PushRejected, "the remote refused the update (a hook or a branch rule)"),
            PushOutcome.PermissionDenied => (DeliveryOutcome.PermissionDenied, "the credentials may not write to the repository (a read-only token, or a pull request from a fork)"),
            _ => (DeliveryOutcome.Failed, $"git push failed: {LastLine(pushed.StandardError)}"),
        };
        var message = $"ciagent could not {action}: {Redact(reason, plan.Host)}. {PatchAdvice(plan, patch)}";
        _log.Warning("{Message}", message);
        return new DeliveryResult(outcome, null, null, patch, message);
    }

    private static string PatchAdvice(DeliveryPlan plan, string? patch)
    {
        if (patch is null)
        {
            return "No patch could be written.";
        }

        var onto = plan.Mode == CommitMode.PullRequest ? plan.BaseBranch : plan.TargetBranch;
        return $"The fix is saved as {PatchFileName} in the run's output folder ({patch}): download it into a clone, check out {onto}, "
            + $"and apply it as a commit with `git am < {PatchFileName}` (or as uncommitted changes with `git apply {PatchFileName}`), then push.";
    }

    private PushSettings Settings(DeliveryPlan plan, string? lease)
    {
        var header = plan.RemoteTakesToken ? plan.Host?.GitAuthorization : null;
        if (header is null)
        {
            return new PushSettings { ForceWithLease = lease };
        }

        // Scoped to origin's exact URL so it outranks a less specific header persisted by actions/checkout (http.https://github.com/.extraheader);
        // the empty value first clears what was collected so far, since two Authorization headers make the host reject the push.
        var key = $"http.{plan.RemoteUrl}.extraheader";
        return new PushSettings
        {
            ForceWithLease = lease,
            TransientConfig = [new(key, ""), new(key, $"AUTHORIZATION: {header}")],
        };
    }

    private async Task<string> HeadAsync(CancellationToken cancellationToken) =>
        (await git.GetHeadAsync(cancellationToken).ConfigureAwait(false))?[..12] ?? "(no commit)";

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";

    private static string Redact(string text, RepositoryHost? host) =>
        host?.Token is { Length: > 0 } token ? text.Replace(token, "***", StringComparison.Ordinal) : text;
}
