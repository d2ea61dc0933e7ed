using System.Diagnostics;
using CiAgent.Healing;
using CiAgent.Kernel;
using CiAgent.Models.Middleware;
using CiAgent.Outputs;
using CiAgent.Outputs.Delivery;
using CiAgent.Outputs.Report;
using CiAgent.Settings;
using CiAgent.Specs;
using CiAgent.Strategies.Agent;
using CiAgent.Strategies.Roles;
using CiAgent.Verification;
using CiAgent.Workspace;
using Microsoft.Extensions.AI;
using Serilog;

namespace CiAgent.Implementing;

/// <summary>One implement run: a green baseline, then planner, tester (red tests, then locked), coder and reviewer, each verified by the harness; then commit and deliver, or restore.</summary>
/// <param name="settings">The run's settings.</param>
/// <param name="chat">The model pipeline every role talks to; its usage is the run's one budget.</param>
/// <param name="log">The run's log.</param>
/// <param name="redact">Removes secret values from every text the run stores or shows.</param>
/// <param name="environment">The process environment (delivery reads its tokens from it).</param>
/// <param name="buildLog">Receives each build's and test run's raw output with a title, for CI log groups.</param>
public sealed class ImplementRun(
    RunSettings settings,
    IChatClient chat,
    ILogger log,
    Func<string, string>? redact = null,
    IReadOnlyDictionary<string, string?>? environment = null,
    Action<string, string>? buildLog = null)
{
    private readonly Func<string, string> _redact = redact ?? (text => text);
    private readonly RunProgress _progress = new();
    private readonly Stopwatch _clock = new();

    /// <summary>Runs the implementation; bad input (the spec, the workspace) throws <see cref="UsageException"/> before anything is touched, every later path returns a result.</summary>
    public async Task<RunResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.Limits.Timeout);
        // The spec is read before the workspace is opened (which may note the output folder in .git/info/exclude), so a bad spec touches nothing;
        // a missing workspace is left to the workspace's own message.
        var spec = Directory.Exists(settings.Workspace) ? ReadSpec() : null;
        var outputs = settings.Outputs;
        var commit = settings.Delivery.Commit;
        var workspace = await RunWorkspace.OpenAsync(
            settings.Workspace, settings.Target, commit, outputs.InsideWorkspace ? outputs.Directory : null, settings.AllowDirty, log, limit.Token).ConfigureAwait(false);
        spec ??= ReadSpec();
        var delivery = (await DeliveryPlan.PrepareAsync(commit, workspace.Git, name => environment?.GetValueOrDefault(name), cancellationToken: limit.Token).ConfigureAwait(false)).ForImplementation();
        var trace = new ImplementTrace(spec);
        var handover = new FixHandover(workspace, _progress, outputs.Directory, settings.Model.Provider, log, _redact, trace.Describe);

        var end = await GuardedRun.ExecuteAsync(
            token => ImplementAsync(spec, workspace, trace, handover, delivery, token),
            cancellationToken,
            limit.Token,
            () => (RunStatus.NotImplemented, $"The time limit of {settings.Limits.Timeout.TotalMinutes:0.#} minutes was reached."),
            log).ConfigureAwait(false);

        return await handover.EndAsync(end.Status, _redact(end.Reason), _clock.Elapsed).ConfigureAwait(false);
    }

    private async Task<(RunStatus Status, string Reason)> ImplementAsync(
        Spec spec, RunWorkspace workspace, ImplementTrace trace, FixHandover handover, DeliveryPlan? delivery, CancellationToken cancellationToken)
    {
        var verifier = new Verifier(workspace, settings.Limits.Timeout, buildLog, _progress.Timings);
        log.Information("Spec {Spec} ({Format}): {Count} acceptance criteria", spec.Path, spec.Format, spec.Criteria.Count);
        BuildTestVerdict baseline;
        using (_progress.Timings.During("baseline"))
        {
            baseline = await verifier.VerifyAsync(runTests: true, cancellationToken).ConfigureAwait(false);
        }

        _progress.Baseline = _progress.Current = baseline;
        _progress.Record(baseline);
        if (!baseline.Green)
        {
            return (RunStatus.NotImplemented,
                $"The workspace must build and pass its tests before a spec is implemented, and it has {baseline.Errors} build error(s) and {baseline.FailedTests} failing test(s); heal it first (ciagent heal).");
        }

        var trajectory = new TrajectoryWriter(Path.Combine(settings.Outputs.Directory, "trajectory.jsonl"), _redact);
        _progress.Artifacts["trajectory"] = trajectory.Path;
        var roles = new ImplementRoles(settings, spec, workspace, verifier, new Strategies.Roles.RoleConversation(chat, settings.Limits.Agent, trajectory, _redact, log), trace, _progress);
        try
        {
            return await _progress.Timings.ExclusiveAsync("model", () => RunRolesAsync(spec, workspace, trace, roles, handover, delivery, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            if (chat.GetService<Models.Middleware.UsageTrackingChatClient>()?.Snapshot is { } usage)
            {
                (_progress.ModelCalls, _progress.InputTokens, _progress.OutputTokens, _progress.CostUsd) = (usage.Calls, usage.InputTokens, usage.OutputTokens, usage.CostUsd);
            }
        }
    }

    private async Task<(RunStatus Status, string Reason)> RunRolesAsync(
        Spec spec, RunWorkspace workspace, ImplementTrace trace, ImplementRoles roles, FixHandover handover, DeliveryPlan? delivery, CancellationToken cancellationToken)
    {
        if (await roles.PlanAsync(cancellationToken).ConfigureAwait(false) is { } planStop)
        {
            return (RunStatus.NotImplemented, $"The planner stopped without an accepted plan: {planStop}");
        }

        if (trace.Plan!.Questions.Count > 0 && settings.Implement.OnAmbiguity == AmbiguityPolicy.Ask)
        {
            var questions = string.Join(" ", trace.Plan.Questions.Select((q, i) => $"{i + 1}) {TextShape.OneLine(q)}"));
            var posted = await PostQuestionsAsync(spec, trace.Plan.Questions, delivery, cancellationToken).ConfigureAwait(false);
            return (RunStatus.NeedsClarification, $"The planner has questions about the spec: {questions} Answer them in the spec and run again; nothing was changed.{posted}");
        }

        if (await roles.WriteTestsAsync(cancellationToken).ConfigureAwait(false) is { } testStop)
        {
            return (RunStatus.NotImplemented, $"The tester did not write red acceptance tests: {testStop}");
        }

        if (await roles.CodeAndReviewAsync(cancellationToken).ConfigureAwait(false) is { } codeStop)
        {
            return (RunStatus.NotImplemented, codeStop);
        }

        if (await roles.FinalRefusalAsync(cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return (RunStatus.NotImplemented, $"The implementation was not committed: {refusal}");
        }

        if (await _progress.Timings.TimeAsync("delivery", () => handover.CommitAndDeliverAsync(RunStatus.Implemented, settings.Delivery.Commit, trace.CommitMessage(), delivery, _clock.Elapsed, cancellationToken)).ConfigureAwait(false) is { } failure)
        {
            return (RunStatus.Error, failure);
        }

        var tests = trace.Plan.Tests.Count;
        return (RunStatus.Implemented, $"Implemented '{spec.Title}': {tests} acceptance test{(tests == 1 ? "" : "s")}, red before the code and green after it, pass with the whole suite.");
    }

    // In pull-request mode the questions go where the run was asked from: the triggering issue or pull request.
    private async Task<string> PostQuestionsAsync(Spec spec, IReadOnlyList<string> questions, DeliveryPlan? delivery, CancellationToken cancellationToken)
    {
        if (delivery is not { Mode: CommitMode.PullRequest, Host: { } host } || DiscussionTarget.Find(name => environment?.GetValueOrDefault(name)) is not { } number)
        {
            return "";
        }

        var body = $"### CiAgent has questions before implementing: {spec.Title}\n\n" + string.Concat(questions.Select((q, i) => $"{i + 1}. {q.Trim()}\n"))
            + "\nAnswer them in the spec (or this issue) and run again; nothing was changed.\n";
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var said = await host.CommentAsync(http, number, _redact(body), cancellationToken).ConfigureAwait(false);
        log.Information("{Questions}", _redact(said));
        return " " + _redact(said);
    }

    private Spec ReadSpec()
    {
        if (settings.Implement.SpecEventPath is { } eventPath)
        {
            return File.Exists(eventPath)
                ? SpecReader.FromIssue(File.ReadAllText(eventPath))
                : throw new UsageException($"--spec-event '{eventPath}' does not exist.");
        }

        return SpecReader.Read(settings.Workspace, settings.Implement.SpecPath ?? throw new UsageException("implement needs --spec PATH or --spec-event FILE."));
    }
}
