using System.Globalization;
using System.Text;
using CiAgent.Kernel;
using CiAgent.Outputs.Markdown;
using CiAgent.Outputs.Report;

namespace CiAgent.Outputs.Hosts;

/// <summary>Publishes to an Azure Pipelines agent through "##vso[…]" logging commands.</summary>
public sealed class AzureDevOpsHost : ICiHost
{
    /// <summary>The file, in the output folder, that is attached to the build's Extensions tab.</summary>
    public const string SummaryFileName = "ciagent-summary.md";

    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly TextWriter _console;
    private readonly AnnouncedSecrets _secrets = new();

    /// <summary>A host reading agent variables from <paramref name="environment"/> and writing commands to <paramref name="console"/>.</summary>
    public AzureDevOpsHost(IReadOnlyDictionary<string, string?> environment, TextWriter console)
    {
        _environment = environment;
        _console = console;
    }

    /// <inheritdoc />
    public CiHostKind Kind => CiHostKind.AzureDevOps;

    /// <inheritdoc />
    public void MaskSecrets(IEnumerable<string?> secrets)
    {
        foreach (var secret in _secrets.New(secrets))
        {
            _console.WriteLine($"##vso[task.setsecret]{AzureLoggingCommandText.Escape(secret)}");
        }
    }

    /// <inheritdoc />
    public IDisposable BeginGroup(string title)
    {
        _console.WriteLine($"##[group]{TextShape.OneLine(title)}");
        return new LogGroup(() => _console.WriteLine("##[endgroup]"));
    }

    /// <inheritdoc />
    public async Task PublishAsync(RunReport report, HostPublishContext context, CancellationToken cancellationToken)
    {
        MaskSecrets(context.Secrets);

        var sourcesRoot = Get("BUILD_SOURCESDIRECTORY");
        var plan = AnnotationPlan.For(report, path => WorkspacePath.Relative(path, context.WorkspaceRoot, sourcesRoot));

        // Azure has no notice level, and the fixes are in the summary; only problems become issues.
        foreach (var annotation in plan.Emitted.Where(a => a.Level != AnnotationLevel.Notice))
        {
            _console.WriteLine(Format(annotation));
        }

        Directory.CreateDirectory(context.OutputDirectory);
        var summaryPath = Path.GetFullPath(Path.Combine(context.OutputDirectory, SummaryFileName));
        var markdown = SummaryMarkdown.Render(AnnotatedSummary.Content(report, context, plan, mermaid: false), SummaryLayout.AzureDevOpsSummary);
        await File.WriteAllTextAsync(summaryPath, markdown, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        _console.WriteLine($"##vso[task.uploadsummary]{AzureLoggingCommandText.Escape(summaryPath)}");

        foreach (var (name, value) in RunOutputs.From(report, context, path => path is null ? null : Path.GetFullPath(path, context.WorkspaceRoot)))
        {
            _console.WriteLine(AzureLoggingCommandText.Command("task.setvariable", [("variable", VariableName(name)), ("isOutput", "true")], value));
        }

        _console.WriteLine(AzureLoggingCommandText.Command("task.complete", [("result", Result(report.Status))], report.Reason, trailingSeparator: true));
        await _console.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One annotation as a logissue command, such as "##vso[task.logissue type=error;sourcepath=src/A.cs;linenumber=3;columnnumber=9;code=CS0103]message".</summary>
    internal static string Format(Annotation annotation)
    {
        var located = annotation.File is not null;
        var isTest = annotation.Code is "test-failure" or "flaky-test";
        return AzureLoggingCommandText.Command(
            "task.logissue",
            [
                ("type", annotation.Level == AnnotationLevel.Error ? "error" : "warning"),
                ("sourcepath", annotation.File),
                ("linenumber", located && annotation.Line > 0 ? annotation.Line.ToString(CultureInfo.InvariantCulture) : null),
                ("columnnumber", located && annotation.Line > 0 && annotation.Column > 0 ? annotation.Column.ToString(CultureInfo.InvariantCulture) : null),
                ("code", annotation.Code),
            ],
            // The issue list shows only the message, so a test's name has to be in it.
            isTest ? $"{annotation.Title}: {annotation.Message}" : annotation.Message);
    }

    /// <summary>The step result for a run status: flaky tests pass with issues, anything unhealed fails.</summary>
    internal static string Result(string status) =>
        status == RunStatus.Flaky.Name ? "SucceededWithIssues"
        : RunStatus.FromName(status) is { Succeeded: true } ? "Succeeded"
        : "Failed";

    // Azure variable names allow letters, digits, '.' and '_'; a hyphen would not survive as $(heal.pull-request-url) in every context.
    private static string VariableName(string outputName) => outputName.Replace('-', '_');

    private string? Get(string name) => _environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
