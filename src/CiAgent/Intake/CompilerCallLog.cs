using System.Text.Json;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;

namespace CiAgent.Intake;

/// <summary>
/// The C# compiler calls of one build, written by CiAgent's own MSBuild logger (<c>CiAgent.BuildLogger</c>) to a private temporary
/// folder outside the workspace: read once, then deleted.
/// </summary>
/// <remarks>
/// The logger keeps only each <c>Csc</c> call's project, target framework and command line, where a binary log would also record
/// every property, item and environment value of the build. Its folder is still owner-only and deleted as soon as the calls have
/// been read, and again on dispose for the paths that never read them (a green baseline, a crash, a cancel).
/// </remarks>
public sealed class CompilerCallLog : IDisposable
{
    /// <summary>The logger's assembly, shipped beside CiAgent's own.</summary>
    public const string LoggerAssembly = "CiAgent.BuildLogger.dll";

    /// <summary>The logger's type, as MSBuild's <c>-logger</c> switch names it.</summary>
    public const string LoggerType = "CiAgent.BuildLogger.CompilerCallLogger";

    // MSBuild's own forwarding logger, told which events to pass on.
    private const string ForwardingLogger = "Microsoft.Build.Logging.ConfigurableForwardingLogger,Microsoft.Build";

    private readonly string _directory;
    private readonly string _loggerPath;
    private readonly object _gate = new();
    private Dictionary<string, RecordedCompilerCall>? _calls;

    private CompilerCallLog(string directory, string loggerPath)
    {
        _directory = directory;
        _loggerPath = loggerPath;
        Path = System.IO.Path.Combine(directory, "compiler-calls.jsonl");
        CreatedAtUtc = DateTime.UtcNow;
    }

    /// <summary>Where the logger writes the calls.</summary>
    public string Path { get; }

    /// <summary>When the log's folder was made: the build that writes it starts after this.</summary>
    public DateTime CreatedAtUtc { get; }

    /// <summary>The switch that makes <c>dotnet build</c> write this log.</summary>
    /// <remarks>
    /// A distributed logger: on each MSBuild node a forwarding logger passes on only the project starts and the tasks' command lines.
    /// Registered as a plain <c>-logger</c>, ours made every node send every low-importance message to the central one, which cost
    /// the baseline build of Stateless about 1 s (12.4-12.8 s against 11.2-11.3 s, and 11.4-12.0 s with no logger at all).
    /// </remarks>
    public string LoggerSwitch => $"-dl:{LoggerType},{_loggerPath};{Path}*{ForwardingLogger};PROJECTSTARTEDEVENT;COMMANDLINE";

    /// <summary>
    /// Makes a private folder for a log under the temporary folder, or returns null when that folder lies inside the workspace, when
    /// the logger's assembly is missing, or when a path holds a character MSBuild's switch would split on.
    /// </summary>
    /// <param name="workspaceRoot">The workspace the log must stay out of.</param>
    /// <param name="temporaryRoot">The folder to make it under; the system's temporary folder unless given.</param>
    /// <param name="loggerDirectory">Where the logger's assembly is; beside CiAgent's own unless given.</param>
    public static CompilerCallLog? TryCreate(string workspaceRoot, string? temporaryRoot = null, string? loggerDirectory = null)
    {
        var parent = System.IO.Path.GetFullPath(temporaryRoot ?? System.IO.Path.GetTempPath());
        var root = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(workspaceRoot));
        var logger = System.IO.Path.Combine(loggerDirectory ?? AppContext.BaseDirectory, LoggerAssembly);
        if (parent.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || System.IO.Path.TrimEndingDirectorySeparator(parent) == root
            || !File.Exists(logger) || (parent + logger).IndexOfAny([';', ',', '"']) >= 0)
        {
            return null;
        }

        var directory = System.IO.Path.Combine(parent, $"ciagent-calls-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Owner only: other users of a shared runner must not read the build's command lines.
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new CompilerCallLog(directory, logger);
    }

    /// <summary>The compiler call the build made for a project (of several frameworks, the newest modern .NET one, else the first), or null when it made none.</summary>
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

        try
        {
            // Lines come in the order their projects started. A multi-targeted project keeps its newest modern .NET framework (net8.0
            // over a net6.0, netstandard2.0 or net462), else its first: that is the build its test projects, on the newest framework,
            // reference, so a dependant checked against it in memory sees what the build gives it (a polyfill compiled for net6.0
            // clashes with net10.0's own type); and the warm-up read that framework's reference pack.
            foreach (var line in File.ReadLines(Path).Where(line => line.Length > 0))
            {
                using var call = JsonDocument.Parse(line);
                var project = System.IO.Path.GetFullPath(call.RootElement.GetProperty("project").GetString()!);
                var framework = call.RootElement.GetProperty("targetFramework").GetString();
                var commandLine = call.RootElement.GetProperty("commandLine").GetString();
                if (!string.IsNullOrEmpty(commandLine)
                    && (!calls.TryGetValue(project, out var kept) || ProjectFrameworks.DotnetMajor(framework) > ProjectFrameworks.DotnetMajor(kept.TargetFramework)))
                {
                    calls[project] = new RecordedCompilerCall(project, string.IsNullOrEmpty(framework) ? null : framework, Arguments(commandLine), CreatedAtUtc);
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or IOException)
        {
            // A log that is not what the logger writes costs speed, not the run: every project falls back to MSBuild.
            calls.Clear();
        }

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
