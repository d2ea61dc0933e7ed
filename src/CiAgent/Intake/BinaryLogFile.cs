using Microsoft.Build.Logging.StructuredLogger;
using Microsoft.CodeAnalysis;

namespace CiAgent.Intake;

/// <summary>A build's binary log in a private temporary folder outside the workspace: read once for its compiler calls, then deleted.</summary>
/// <remarks>
/// A binary log can hold environment values, secrets among them, so it is never written inside the workspace and never kept,
/// logged, uploaded or attached: its folder is deleted as soon as the log has been read, and again on dispose for the paths
/// that never read it (a green baseline, a crash, a cancel).
/// </remarks>
public sealed class BinaryLogFile : IDisposable
{
    private readonly string _directory;
    private readonly object _gate = new();
    private Dictionary<string, RecordedCompilerCall>? _calls;

    private BinaryLogFile(string directory)
    {
        _directory = directory;
        Path = System.IO.Path.Combine(directory, "build.binlog");
        CreatedAtUtc = DateTime.UtcNow;
    }

    /// <summary>Where the build writes the log (pass it as <c>-bl:</c>).</summary>
    public string Path { get; }

    /// <summary>When the log's folder was made: the build that writes it starts after this.</summary>
    public DateTime CreatedAtUtc { get; }

    /// <summary>Makes a private folder for a log under the temporary folder, or returns null when that folder lies inside the workspace.</summary>
    /// <param name="workspaceRoot">The workspace the log must stay out of.</param>
    /// <param name="temporaryRoot">The folder to make it under; the system's temporary folder unless given.</param>
    public static BinaryLogFile? TryCreate(string workspaceRoot, string? temporaryRoot = null)
    {
        var parent = System.IO.Path.GetFullPath(temporaryRoot ?? System.IO.Path.GetTempPath());
        var root = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(workspaceRoot));
        if (parent.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || System.IO.Path.TrimEndingDirectorySeparator(parent) == root)
        {
            return null;
        }

        var directory = System.IO.Path.Combine(parent, $"ciagent-binlog-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Owner only: other users of a shared runner must not read what the build logged.
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new BinaryLogFile(directory);
    }

    /// <summary>The first compiler call the build made for a project (its first framework when it has several), or null when it made none.</summary>
    /// <remarks>The first question reads the whole log and deletes it; a log the build never wrote answers null for every project.</remarks>
    public RecordedCompilerCall? CompilerCallFor(string projectPath)
    {
        lock (_gate)
        {
            if (_calls is null)
            {
                _calls = Read();
                Delete();
            }

            return _calls.GetValueOrDefault(System.IO.Path.GetFullPath(projectPath));
        }
    }

    /// <summary>Deletes the log and its folder.</summary>
    public void Dispose() => Delete();

    private Dictionary<string, RecordedCompilerCall> Read()
    {
        var calls = new Dictionary<string, RecordedCompilerCall>(StringComparer.Ordinal);
        if (!File.Exists(Path))
        {
            return calls;
        }

        // The tree is dropped as soon as this returns; only the argument lists stay, a few KB per project.
        Build build;
        try
        {
            build = BinaryLog.ReadBuild(Path);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A log cut short (a killed build) or in a format this reader does not know costs speed, not the run: every project falls back to MSBuild.
            return calls;
        }

        var reader = new CompilerInvocationsReader();
        build.VisitAllChildren<Microsoft.Build.Logging.StructuredLogger.Task>(task =>
        {
            if (reader.TryGetInvocationFromTask(task) is not { Language: CompilerInvocation.CSharp, ProjectFilePath: { } project } invocation
                || string.IsNullOrEmpty(invocation.CommandLineArguments))
            {
                return;
            }

            // Tree order is the order the build started its projects, so a multi-targeted project keeps the first framework it dispatched.
            var full = System.IO.Path.GetFullPath(project);
            if (!calls.ContainsKey(full))
            {
                var framework = task.GetNearestParent<Project>()?.TargetFramework;
                calls[full] = new RecordedCompilerCall(full, string.IsNullOrEmpty(framework) ? null : framework, Arguments(invocation.CommandLineArguments), CreatedAtUtc);
            }
        });
        return calls;
    }

    // The logged command line starts with the compiler itself (csc, csc.exe, or dotnet and csc.dll); the parser wants only its arguments.
    private static List<string> Arguments(string commandLine)
    {
        var tokens = CommandLineParser.SplitCommandLineIntoArguments(commandLine, removeHashComments: false).ToList();
        var compiler = tokens.Take(3).ToList().FindIndex(token =>
            System.IO.Path.GetFileNameWithoutExtension(token.Trim('"')).Equals("csc", StringComparison.OrdinalIgnoreCase));
        return compiler < 0 ? tokens : tokens[(compiler + 1)..];
    }

    private void Delete()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: read and deleted earlier, or never written.
        }
    }
}
