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
public sealed record ProjectCompilation(string ProjectPath, string? TargetFramework, CSharpCompilation Compilation, ProjectAnalyzers? Analyzers = null);

/// <summary>Turns a C# project into a Roslyn compilation from exactly the compiler command line its build uses.</summary>
/// <remarks>
/// The command line comes from the baseline build's binary log when that build compiled the project (no extra process), else from
/// MSBuild itself: Compile with SkipCompilerExecution and ProvideCommandLineArgs yields the csc arguments MSBuild resolved:
/// sources (generated global usings included), references, defines, language version and nullable context. This stands in for
/// MSBuildWorkspace, which is not served here. Nothing is cached but the recorded command lines: a caller holds a compilation only
/// as long as it needs it, so at most the projects being fixed stay in memory.
/// </remarks>
public sealed class ProjectCompilationLoader(TimeSpan timeout)
{
    private static readonly string[] BuildOutputFolders = ["bin", "obj"];
    private BinaryLogFile? _recorded;

    /// <summary>Takes command lines from a build's binary log for the projects that build compiled; the others still go through MSBuild.</summary>
    public void UseCompilerCallsFrom(BinaryLogFile? log) => _recorded = log;

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

        var (targetFramework, arguments) = await AskMsBuildAsync(projectPath, cancellationToken).ConfigureAwait(false);
        return Create(projectPath, targetFramework, CSharpCommandLineParser.Default.Parse(arguments, directory, sdkDirectory: null), cancellationToken);
    }

    /// <summary>The compiler command line MSBuild resolves for the project, without compiling: the pass a binary log spares.</summary>
    internal async Task<(string? TargetFramework, IReadOnlyList<string> Arguments)> AskMsBuildAsync(string projectPath, CancellationToken cancellationToken)
    {
        var frameworks = await QueryAsync(projectPath, ["-getProperty:TargetFramework", "-getProperty:TargetFrameworks"], cancellationToken).ConfigureAwait(false);
        var targetFramework = Property(frameworks, "TargetFramework");
        var extra = new List<string>();
        if (string.IsNullOrEmpty(targetFramework))
        {
            // Multi-targeting: the outer build has no compiler call, so pick the first framework the way an IDE does.
            targetFramework = Property(frameworks, "TargetFrameworks")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (targetFramework is not null)
            {
                extra.Add($"-p:TargetFramework={targetFramework}");
            }
        }

        var json = await QueryAsync(
            projectPath,
            [
                .. extra,
                // Compile, not CoreCompile: reference resolution hangs off Compile's dependencies.
                "-t:Compile",
                "-p:SkipCompilerExecution=true",
                "-p:ProvideCommandLineArgs=true",
                "-p:BuildProjectReferences=false",
                // An input that never exists keeps CoreCompile from being skipped as up to date, which would yield no arguments.
                "-p:NonExistentFile=__NonExistentSubDir__/__NonExistentFile__",
                "-getItem:CscCommandLineArgs",
            ],
            cancellationToken).ConfigureAwait(false);

        var arguments = json.RootElement.GetProperty("Items").GetProperty("CscCommandLineArgs")
            .EnumerateArray().Select(item => item.GetProperty("Identity").GetString()!).ToList();
        if (arguments.Count == 0)
        {
            throw new ProjectLoadException($"MSBuild gave no compiler arguments for {projectPath}.");
        }

        return (targetFramework, arguments);
    }

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
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(directory, "*.cs", options)
            .Where(file => !Path.GetRelativePath(directory, file).Split(Path.DirectorySeparatorChar).Any(part => BuildOutputFolders.Contains(part)))
            .All(sources.Contains);
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
        var references = parsed.MetadataReferences
            .Where(reference => File.Exists(reference.Reference))
            .Select(reference => (MetadataReference)MetadataReference.CreateFromFile(reference.Reference, reference.Properties));
        var compilation = CSharpCompilation.Create(
            parsed.CompilationName ?? Path.GetFileNameWithoutExtension(projectPath),
            trees,
            references,
            config is null ? parsed.CompilationOptions : parsed.CompilationOptions.WithSyntaxTreeOptionsProvider(config.Severities));
        return new ProjectCompilation(projectPath, targetFramework, SourceGeneratorRunner.Run(compilation, parsed, config, cancellationToken), new ProjectAnalyzers(parsed, config));
    }

    private async Task<JsonDocument> QueryAsync(string projectPath, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await DotnetCli.Create(Path.GetDirectoryName(projectPath)!)
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
