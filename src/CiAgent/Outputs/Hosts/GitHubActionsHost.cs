using System.Text;
using CiAgent.Outputs.Markdown;
using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Hosts;

/// <summary>Publishes to a GitHub Actions runner through workflow commands on the console and the step's file commands.</summary>
public sealed class GitHubActionsHost : ICiHost
{
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly TextWriter _console;
    private readonly AnnouncedSecrets _secrets = new();

    /// <summary>A host reading GITHUB_* variables from <paramref name="environment"/> and writing commands to <paramref name="console"/>.</summary>
    public GitHubActionsHost(IReadOnlyDictionary<string, string?> environment, TextWriter console)
    {
        _environment = environment;
        _console = console;
    }

    /// <inheritdoc />
    public CiHostKind Kind => CiHostKind.GitHubActions;

    /// <inheritdoc />
    public void MaskSecrets(IEnumerable<string?> secrets)
    {
        foreach (var secret in _secrets.New(secrets))
        {
            // Escaped like any message: an unescaped newline would end the command and print the rest of the secret.
            _console.WriteLine($"::add-mask::{WorkflowCommandText.EscapeData(secret)}");
        }
    }

    /// <inheritdoc />
    public IDisposable BeginGroup(string title)
    {
        _console.WriteLine($"::group::{WorkflowCommandText.EscapeData(title)}");
        return new LogGroup(() => _console.WriteLine("::endgroup::"));
    }

    /// <inheritdoc />
    public async Task PublishAsync(RunReport report, HostPublishContext context, CancellationToken cancellationToken)
    {
        MaskSecrets(context.Secrets);

        // Annotations link from the repository root, which is GITHUB_WORKSPACE even when ciagent healed a subfolder.
        var checkoutRoot = Get("GITHUB_WORKSPACE");
        var plan = AnnotationPlan.For(report, path => WorkspacePath.Relative(path, context.WorkspaceRoot, checkoutRoot));
        foreach (var annotation in plan.Emitted)
        {
            _console.WriteLine(Format(annotation));
        }

        await _console.FlushAsync(cancellationToken).ConfigureAwait(false);

        if (Get("GITHUB_STEP_SUMMARY") is { } summaryPath)
        {
            var existing = File.Exists(summaryPath) ? (int)new FileInfo(summaryPath).Length : 0;
            var markdown = SummaryMarkdown.Render(AnnotatedSummary.Content(report, context, plan), SummaryLayout.GitHubStepSummary with { MaxBytes = Math.Max(4096, SummaryLayout.GitHubStepSummary.MaxBytes - existing) });
            await File.AppendAllTextAsync(summaryPath, markdown, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }

        if (Get("GITHUB_OUTPUT") is { } outputPath)
        {
            // The action runs in a container whose paths later steps on the host cannot see; the workspace is mounted on both sides.
            var outputs = RunOutputs.From(report, context, path => WorkspacePath.Relative(path, context.WorkspaceRoot, checkoutRoot));
            await GitHubOutputFile.AppendAsync(outputPath, outputs, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One annotation as a workflow command, such as "::error file=src/A.cs,line=3,col=9,title=CS0103::message".</summary>
    internal static string Format(Annotation annotation)
    {
        var command = annotation.Level switch
        {
            AnnotationLevel.Error => "error",
            AnnotationLevel.Warning => "warning",
            _ => "notice",
        };
        var located = annotation.File is not null;
        return WorkflowCommandText.Command(
            command,
            [
                ("file", annotation.File),
                ("line", located && annotation.Line > 0 ? annotation.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
                ("col", located && annotation.Line > 0 && annotation.Column > 0 ? annotation.Column.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
                ("title", annotation.Title),
            ],
            annotation.Message);
    }

    private string? Get(string name) => _environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
