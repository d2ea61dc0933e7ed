using System.Collections.Concurrent;
using System.Text.Json;
using CiAgent.Intake;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CiAgent.Context;

/// <summary>A project's in-memory compilation, built from exactly the arguments MSBuild would give the compiler.</summary>
/// <param name="ProjectPath">Full path of the .csproj.</param>
/// <param name="TargetFramework">The target framework the compilation stands for.</param>
/// <param name="Compilation">The compilation, source generators' output included.</param>
/// <param name="Analyzers">The analyzers the build runs on it, loaded on first use; null when not known.</param>
public sealed record ProjectCompilation(string ProjectPath, string? TargetFramework, CSharpCompilation Compilation, ProjectAnalyzers? Analyzers = null)
{
    /// <summary>The references the compiler's arguments name whose files do not exist (a project's output not built yet), left out of the compilation.</summary>
    public IReadOnlyList<string> MissingReferences { get; init; } = [];
}

/// <summary>Turns a C# project into a Roslyn compilation from exactly the compiler command line its build uses.</summary>
/// <remarks>
/// The command line comes from the baseline build's recorded compiler calls when that build compiled the project (no extra process), else from
/// MSBuild itself: Compile with SkipCompilerExecution and ProvideCommandLineArgs yields the csc arguments MSBuild resolved:
/// sources (generated global usings included), references, defines, language version and nullable context. This stands in for
/// MSBuildWorkspace, which is not served here. Nothing is cached but the recorded command lines: a caller holds a compilation only
/// as long as it needs it, so at most the projects being fixed stay in memory.
/// </remarks>
public sealed class ProjectCompilationLoader(TimeSpan timeout)
{
    private readonly ConcurrentDictionary<string, (DateTime AskedAtUtc, Task<(string? TargetFramework, IReadOnlyList<string> Arguments)> Query)> _asked = new(StringComparer.Ordinal);
    private CompilerCallLog? _recorded;

    /// <summary>Takes command lines from a build's recorded compiler calls for the projects that build compiled; the others still go through MSBuild.</summary>
    public void UseCompilerCallsFrom(CompilerCallLog? log) => _recorded = log;

    /// <summary>
    /// Starts asking MSBuild, one project at a time in the background, for the command lines of projects about to be loaded that the
    /// build did not record: those MSBuild processes then run while the process works on the projects before them.
    /// </summary>
    public void Prefetch(IEnumerable<string> projects, CancellationToken cancellationToken)
    {
        var askedAt = DateTime.UtcNow;
        var wanted = projects.Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && _recorded?.CompilerCallFor(p) is null).ToList();
        var previous = Task.CompletedTask;
        var batched = wanted.Where(p => !ProjectFrameworks.MayBeSeveral(p)).ToList();
        if (batched.Count > 1)
        {
            // Several single-framework projects: one MSBuild process answers them all.
            var batch = Task.Run(() => AskMsBuildAsync(batched, cancellationToken), cancellationToken);
            foreach (var project in batched)
            {
                _asked[project] = (askedAt, AnswerFromAsync(batch, project, cancellationToken));
            }

            previous = batch.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            wanted = [.. wanted.Except(batched, StringComparer.Ordinal)];
        }

        foreach (var project in wanted)
        {
            var after = previous;
            var query = Task.Run(
                async () =>
                {
                    await after.ConfigureAwait(false);
                    return await AskMsBuildAsync(project, cancellationToken).ConfigureAwait(false);
                },
                cancellationToken);
            _asked[project] = (askedAt, query);
            previous = query.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    // A batch MSBuild could not answer (one project failing to evaluate fails them all) leaves each project to its own query.
    private async Task<(string? TargetFramework, IReadOnlyList<string> Arguments)> AnswerFromAsync(
        Task<IReadOnlyDictionary<string, (string? TargetFramework, IReadOnlyList<string> Arguments)>> batch, string project, CancellationToken cancellationToken)
    {
        try
        {
            return (await batch.ConfigureAwait(false))[project];
        }
        catch (ProjectLoadException)
        {
            return await AskMsBuildAsync(project, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads the compilation of a C# project that has been restored (and ideally built once).</summary>
    /// <exception cref="ProjectLoadException">MSBuild could not evaluate the project or it is not C#.</exception>
    public async Task<ProjectCompilation> LoadAsync(string projectPath, CancellationToken cancellationToken = default)
    {
        if (!projectPath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProjectLoadException($"{projectPath} is not a C# project.");
        }

        var directory = Path.GetDirectoryName(projectPath)!;
        if (_recorded?.CompilerCallFor(projectPath) is { } call
            && CSharpCommandLineParser.Default.Parse(call.Arguments, directory, sdkDirectory: null) is var recorded
            && IsCurrent(call, recorded))
        {
            return Create(projectPath, call.TargetFramework, recorded, cancellationToken);
        }

        var (targetFramework, arguments) = await AskedOrAskAsync(projectPath, cancellationToken).ConfigureAwait(false);
        return Create(projectPath, targetFramework, CSharpCommandLineParser.Default.Parse(arguments, directory, sdkDirectory: null), cancellationToken);
    }

    // A prefetched answer stands only if the project file was not written after the question was asked.
    private async Task<(string? TargetFramework, IReadOnlyList<string> Arguments)> AskedOrAskAsync(string projectPath, CancellationToken cancellationToken)
    {
        if (_asked.TryRemove(projectPath, out var asked) && File.GetLastWriteTimeUtc(projectPath) <= asked.AskedAtUtc)
        {
            try
            {
                return await asked.Query.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The prefetch was called off (its round ended): ask again, now.
            }
        }

        return await AskMsBuildAsync(projectPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The compiler command lines of several projects that each build one framework, from one MSBuild process.</summary>
    internal Task<IReadOnlyDictionary<string, (string? TargetFramework, IReadOnlyList<string> Arguments)>> AskMsBuildAsync(IReadOnlyList<string> projectPaths, CancellationToken cancellationToken) =>
        CompilerArgumentsBatch.AskAsync(projectPaths, BatchProperties, QueryAsync, cancellationToken);

    /// <summary>The compiler command line MSBuild resolves for the project, without compiling: the pass the recorded calls spare.</summary>
    internal async Task<(string? TargetFramework, IReadOnlyList<string> Arguments)> AskMsBuildAsync(string projectPath, CancellationToken cancellationToken)
    {
        // One MSBuild process when the project builds one framework (the common case); a multi-targeting one is asked for its
        // frameworks first, since its outer build has no compiler call, and the first is picked the way an IDE does.
        if (!ProjectFrameworks.MayBeSeveral(projectPath))
        {
            try
            {
                var single = await QueryAsync(projectPath, [.. CompileQuery, "-getProperty:TargetFramework"], cancellationToken).ConfigureAwait(false);
                if (Arguments(single) is { Count: > 0 } arguments)
                {
                    return (Property(single, "TargetFramework"), arguments);
                }
            }
            catch (ProjectLoadException)
            {
                // Frameworks set where the text check does not look (an imported file) leave an outer build without Compile: ask as below.
            }
        }

        var frameworks = await QueryAsync(projectPath, ["-getProperty:TargetFramework", "-getProperty:TargetFrameworks"], cancellationToken).ConfigureAwait(false);
        var targetFramework = Property(frameworks, "TargetFramework");
        var extra = new List<string>();
        if (string.IsNullOrEmpty(targetFramework))
        {
            // As with a recorded call: the newest modern .NET framework, the one test projects reference, else the first.
            targetFramework = Property(frameworks, "TargetFrameworks")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .OrderByDescending(ProjectFrameworks.DotnetMajor).FirstOrDefault();
            if (targetFramework is not null)
            {
                extra.Add($"-p:TargetFramework={targetFramework}");
            }
        }

        var json = await QueryAsync(projectPath, [.. extra, .. CompileQuery], cancellationToken).ConfigureAwait(false);
        return Arguments(json) is { Count: > 0 } found
            ? (targetFramework, found)
            : throw new ProjectLoadException($"MSBuild gave no compiler arguments for {projectPath}.");
    }

    private static readonly string[] CompileQuery =
    [
        // Compile, not CoreCompile: reference resolution hangs off Compile's dependencies.
        "-t:Compile",
        // One project's query fits in MSBuild's own process: a worker node for its references' GetTargetPath cost 0.4 s to start.
        "-m:1",
        "-p:SkipCompilerExecution=true",
        "-p:ProvideCommandLineArgs=true",
        "-p:BuildProjectReferences=false",
        // An input that never exists keeps CoreCompile from being skipped as up to date, which would yield no arguments.
        "-p:NonExistentFile=__NonExistentSubDir__/__NonExistentFile__",
        "-getItem:CscCommandLineArgs",
    ];

    // The single-project query's global properties, for the batch's MSBuild task.
    private static readonly string[] BatchProperties = [.. CompileQuery.Where(a => a.StartsWith("-p:", StringComparison.Ordinal)).Select(a => a["-p:".Length..])];

    private static List<string> Arguments(JsonDocument json) =>
        json.RootElement.TryGetProperty("Items", out var items) && items.TryGetProperty("CscCommandLineArgs", out var args)
            ? [.. args.EnumerateArray().Select(item => item.GetProperty("Identity").GetString()!)]
            : [];

    // Offline fixes only change the text of listed sources, which is read afresh; a changed project file or a new source file
    // (a model's write_file) changes the command line itself, and only MSBuild can say how.
    private static bool IsCurrent(RecordedCompilerCall call, CSharpCommandLineArguments parsed)
    {
        if (File.GetLastWriteTimeUtc(call.ProjectPath) > call.RecordedAtUtc)
        {
            return false;
        }

        var directory = Path.GetDirectoryName(call.ProjectPath)!;
        var sources = parsed.SourceFiles
            .Select(source => Path.GetFullPath(source.Path))
            .ToHashSet(StringComparer.Ordinal);
        return ProjectSourceFiles.Under(directory).All(sources.Contains);
    }

    private static ProjectCompilation Create(string projectPath, string? targetFramework, CSharpCommandLineArguments parsed, CancellationToken cancellationToken)
    {
        // Severities from .editorconfig/.globalconfig: without them a warning the project turned off (or up) would differ from csc's.
        var config = ProjectEditorConfig.Read(parsed);
        var trees = parsed.SourceFiles.Select(source =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = TextFile.Read(source.Path);
            return CSharpSyntaxTree.ParseText(SourceText.From(file.Text, file.Encoding), parsed.ParseOptions, source.Path, cancellationToken);
        });
        // A reference to a project output not built yet is left out; which one it was still tells a dependant's framework.
        var present = parsed.MetadataReferences.ToLookup(reference => File.Exists(reference.Reference));
        var references = MetadataReferences.Of(present[true]);
        var compilation = CSharpCompilation.Create(
            parsed.CompilationName ?? Path.GetFileNameWithoutExtension(projectPath),
            trees,
            references,
            config is null ? parsed.CompilationOptions : parsed.CompilationOptions.WithSyntaxTreeOptionsProvider(config.Severities));
        return new ProjectCompilation(projectPath, targetFramework, SourceGeneratorRunner.Run(compilation, parsed, config, cancellationToken), new ProjectAnalyzers(parsed, config))
        {
            MissingReferences = [.. present[false].Select(reference => reference.Reference)],
        };
    }

    private Task<JsonDocument> QueryAsync(string projectPath, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        QueryAsync(projectPath, Path.GetDirectoryName(projectPath)!, arguments, cancellationToken);

    private async Task<JsonDocument> QueryAsync(string projectPath, string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await DotnetCli.Create(workingDirectory)
            .WithArguments(["msbuild", projectPath, "-nologo", .. arguments])
            .WithTimeout(timeout)
            .ExecuteAsync(cancellationToken)
            .ConfigureAwait(false);
        var output = result.StandardOutput.Trim();
        var start = output.IndexOf('{', StringComparison.Ordinal);
        if (!result.Succeeded || start < 0)
        {
            var first = (result.StandardOutput + result.StandardError).Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))?.Trim();
            throw new ProjectLoadException($"MSBuild could not evaluate {projectPath}: {first ?? $"exit code {result.ExitCode}"}");
        }

        return JsonDocument.Parse(output[start..]);
    }

    private static string? Property(JsonDocument document, string name) =>
        document.RootElement.TryGetProperty("Properties", out var properties) && properties.TryGetProperty(name, out var value)
            ? value.GetString()
            : document.RootElement.TryGetProperty(name, out var single) && single.ValueKind == JsonValueKind.String ? single.GetString() : null;
}

/// <summary>Thrown when a project's compilation cannot be reconstructed.</summary>
public sealed class ProjectLoadException(string message) : Exception(message);
