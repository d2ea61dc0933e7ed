using CiAgent.Kernel;

namespace CiAgent.Intake;

/// <summary>Runs the real <c>dotnet build</c> in a form whose output parses line by line.</summary>
/// <param name="workingDirectory">Where dotnet runs.</param>
/// <param name="timeout">When the build is killed.</param>
/// <param name="oneNode">Whether MSBuild builds in its own process only (<c>-m:1</c>), for a target with nothing to build in parallel.</param>
public sealed class BuildRunner(string workingDirectory, TimeSpan timeout, bool oneNode = false)
{
    /// <summary>A copy that builds in MSBuild's own process only, or with its worker nodes as dotnet build does by default.</summary>
    public BuildRunner WithOneNode(bool value) => value == oneNode ? this : new BuildRunner(workingDirectory, timeout, value);

    /// <summary>Builds the target (a solution or a project) and returns its parsed diagnostics.</summary>
    public Task<BuildResult> BuildAsync(string target, bool restore = true, CancellationToken cancellationToken = default) =>
        BuildAsync(target, restore, compilerCalls: null, cancellationToken);

    /// <summary>Builds the target and returns its parsed diagnostics, recording its compiler calls in the given log when there is one.</summary>
    public async Task<BuildResult> BuildAsync(string target, bool restore, CompilerCallLog? compilerCalls, CancellationToken cancellationToken)
    {
        var collector = new BuildDiagnosticCollector();
        var arguments = new List<string>
        {
            "build", target, "-nologo", "-tl:off", "-v:quiet",
            // No summary (it repeats every diagnostic), no alignment (it wraps long lines), no colour codes.
            "-clp:NoSummary;ForceNoAlign;DisableConsoleColor",
            "-p:GenerateFullPaths=true",
        };
        if (!restore)
        {
            arguments.Add("--no-restore");
        }

        if (oneNode)
        {
            arguments.Add("-m:1");
        }

        if (compilerCalls is not null)
        {
            arguments.Add(compilerCalls.LoggerSwitch);
        }

        var result = await DotnetCli.Create(workingDirectory)
            .WithArguments(arguments)
            .WithTimeout(timeout)
            .WithOutputLimit(256 * 1024)
            .WithStandardOutputLine(collector.Add)
            .WithStandardErrorLine(collector.Add)
            .ExecuteAsync(cancellationToken)
            .ConfigureAwait(false);

        var diagnostics = collector.Diagnostics;
        if (!result.Succeeded && !diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // A build can fail without a parseable error (killed, crashed, out of disk): say so rather than report green.
            var reason = result.TimedOut
                ? $"dotnet build did not finish within {timeout.TotalMinutes:0.#} minutes and was killed."
                : $"dotnet build failed with exit code {result.ExitCode} without reporting an error.";
            diagnostics = [.. diagnostics, new BuildDiagnostic(null, 0, 0, DiagnosticSeverity.Error, "CIAGENT001", reason, target)];
        }

        return new BuildResult(diagnostics, result.ExitCode, result.TimedOut, result.Duration, result.StandardOutput + result.StandardError);
    }
}
