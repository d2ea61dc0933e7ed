using System.Collections.Immutable;

namespace CiAgent.Processes;

/// <summary>An immutable description of a child process to run: program, argument list, directory, environment and limits.</summary>
/// <remarks>Arguments are passed as a list and never through a shell, so nothing in them is interpreted.</remarks>
public sealed class ExternalCommand
{
    /// <summary>How many characters of each stream are kept when no limit is set: enough for any build log worth reading.</summary>
    public const int DefaultOutputLimit = 4 * 1024 * 1024;

    /// <summary>Creates a command that runs the given program with no arguments in the current directory.</summary>
    public ExternalCommand(string targetFile)
        : this(targetFile, [], Directory.GetCurrentDirectory(), ImmutableDictionary<string, string?>.Empty, null, DefaultOutputLimit, null, null)
    {
    }

    private ExternalCommand(
        string targetFile,
        ImmutableArray<string> arguments,
        string workingDirectory,
        ImmutableDictionary<string, string?> environment,
        TimeSpan? timeout,
        int outputLimit,
        Action<string>? standardOutputLine,
        Action<string>? standardErrorLine)
    {
        TargetFile = targetFile;
        Arguments = arguments;
        WorkingDirectory = workingDirectory;
        EnvironmentVariables = environment;
        Timeout = timeout;
        OutputLimit = outputLimit;
        StandardOutputLine = standardOutputLine;
        StandardErrorLine = standardErrorLine;
    }

    /// <summary>The program to start, as a path or a name found on PATH.</summary>
    public string TargetFile { get; }

    /// <summary>The arguments, each passed to the program exactly as written.</summary>
    public ImmutableArray<string> Arguments { get; }

    /// <summary>The directory the program starts in.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Environment overrides; a null value removes the variable from the inherited environment.</summary>
    public ImmutableDictionary<string, string?> EnvironmentVariables { get; }

    /// <summary>How long the process may run before its whole tree is killed; null means no limit.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>How many characters of each stream are kept; past it the head and the tail survive.</summary>
    public int OutputLimit { get; }

    /// <summary>Called with every line of standard output as it arrives, whatever the limit keeps.</summary>
    public Action<string>? StandardOutputLine { get; }

    /// <summary>Called with every line of standard error as it arrives, whatever the limit keeps.</summary>
    public Action<string>? StandardErrorLine { get; }

    /// <summary>Returns a copy with the given arguments in place of the current ones.</summary>
    public ExternalCommand WithArguments(IEnumerable<string> arguments) => Copy(arguments: [.. arguments]);

    /// <summary>Returns a copy with the given arguments in place of the current ones.</summary>
    public ExternalCommand WithArguments(params string[] arguments) => Copy(arguments: [.. arguments]);

    /// <summary>Returns a copy that starts in the given directory.</summary>
    public ExternalCommand WithWorkingDirectory(string workingDirectory) => Copy(workingDirectory: workingDirectory);

    /// <summary>Returns a copy with these environment overrides added to the current ones (null removes a variable).</summary>
    public ExternalCommand WithEnvironmentVariables(IEnumerable<KeyValuePair<string, string?>> variables) =>
        Copy(environment: EnvironmentVariables.SetItems(variables));

    /// <summary>Returns a copy with one environment override added (null removes the variable).</summary>
    public ExternalCommand WithEnvironmentVariable(string name, string? value) => Copy(environment: EnvironmentVariables.SetItem(name, value));

    /// <summary>Returns a copy that is killed, with its whole process tree, after the given time.</summary>
    public ExternalCommand WithTimeout(TimeSpan? timeout) => Copy(timeout: timeout, clearTimeout: timeout is null);

    /// <summary>Returns a copy that keeps at most this many characters of each stream.</summary>
    public ExternalCommand WithOutputLimit(int characters) =>
        characters > 0 ? Copy(outputLimit: characters) : throw new ArgumentOutOfRangeException(nameof(characters), "The output limit must be positive.");

    /// <summary>Returns a copy that reports each standard output line to the given callback as it arrives.</summary>
    public ExternalCommand WithStandardOutputLine(Action<string>? onLine) => Copy(standardOutputLine: onLine, clearStandardOutputLine: onLine is null);

    /// <summary>Returns a copy that reports each standard error line to the given callback as it arrives.</summary>
    public ExternalCommand WithStandardErrorLine(Action<string>? onLine) => Copy(standardErrorLine: onLine, clearStandardErrorLine: onLine is null);

    /// <summary>Runs the command to completion, timeout or cancellation.</summary>
    /// <exception cref="CommandStartException">The program could not be started.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the process tree has been killed.</exception>
    public Task<CommandResult> ExecuteAsync(CancellationToken cancellationToken = default) =>
        CommandExecution.RunAsync(this, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', new[] { TargetFile }.Concat(Arguments.Select(Quote)));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : $"\"{argument.Replace("\"", "\\\"")}\"";

    private ExternalCommand Copy(
        ImmutableArray<string>? arguments = null,
        string? workingDirectory = null,
        ImmutableDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        bool clearTimeout = false,
        int? outputLimit = null,
        Action<string>? standardOutputLine = null,
        bool clearStandardOutputLine = false,
        Action<string>? standardErrorLine = null,
        bool clearStandardErrorLine = false) =>
        new(
            TargetFile,
            arguments ?? Arguments,
            workingDirectory ?? WorkingDirectory,
            environment ?? EnvironmentVariables,
            clearTimeout ? null : timeout ?? Timeout,
            outputLimit ?? OutputLimit,
            clearStandardOutputLine ? null : standardOutputLine ?? StandardOutputLine,
            clearStandardErrorLine ? null : standardErrorLine ?? StandardErrorLine);
}
