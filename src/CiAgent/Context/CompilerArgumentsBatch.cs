using System.Security;
using System.Text.Json;

namespace CiAgent.Context;

/// <summary>
/// Asks one MSBuild process for the compiler command lines of several single-framework projects: a throwaway traversal project
/// runs their <c>Compile</c> without the compiler and collects what <c>CoreCompile</c> returns, its <c>CscCommandLineArgs</c>.
/// </summary>
/// <remarks>
/// Measured on the Ledger fixture: 0.95 s for two projects against 0.67 s and 1.2 s asked one after the other, with identical
/// arguments. The projects hidden behind a broken library are usually several, and the offline round waits for their answers.
/// </remarks>
internal static class CompilerArgumentsBatch
{
    /// <summary>
    /// Up to this many projects are asked in MSBuild's own process (<c>-m:1</c>), one after another. A worker node took 0.4 s to
    /// start here (1.0 s against 0.65 s for one hidden project) and each project takes about 0.15 s, so past a handful the
    /// parallel nodes win back their start on two or more cores.
    /// </summary>
    internal const int InProcessLimit = 4;

    /// <summary>Each project's target framework (read from its intermediate output folder) and compiler arguments.</summary>
    /// <param name="projects">Full paths of the projects, each building one framework.</param>
    /// <param name="properties">The global properties of the single-project query (<c>SkipCompilerExecution=true</c>, …).</param>
    /// <param name="query">Runs <c>dotnet msbuild</c> on a project file in a working directory with extra arguments and returns its JSON.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ProjectLoadException">MSBuild failed, or left a project without arguments.</exception>
    public static async Task<IReadOnlyDictionary<string, (string? TargetFramework, IReadOnlyList<string> Arguments)>> AskAsync(
        IReadOnlyList<string> projects,
        IEnumerable<string> properties,
        Func<string, string, IReadOnlyList<string>, CancellationToken, Task<JsonDocument>> query,
        CancellationToken cancellationToken)
    {
        var traversal = Path.Combine(Path.GetTempPath(), $"ciagent-query-{Guid.NewGuid():N}.proj");
        var items = string.Join(Environment.NewLine, projects.Select(p => $"    <CiAgentProject Include=\"{SecurityElement.Escape(p)}\" />"));
        await File.WriteAllTextAsync(traversal, $"""
            <Project>
              <ItemGroup>
            {items}
              </ItemGroup>
              <Target Name="CiAgentCompilerArguments">
                <MSBuild Projects="@(CiAgentProject)" Targets="Compile;CoreCompile" BuildInParallel="true" Properties="{SecurityElement.Escape(string.Join(';', properties))}">
                  <Output TaskParameter="TargetOutputs" ItemName="CscCommandLineArgs" />
                </MSBuild>
              </Target>
            </Project>
            """, cancellationToken).ConfigureAwait(false);
        try
        {
            // Run from the first project's folder, so that its global.json picks the same SDK the build used.
            string[] switches = ["-t:CiAgentCompilerArguments", "-getItem:CscCommandLineArgs"];
            using var json = await query(
                traversal,
                Path.GetDirectoryName(projects[0])!,
                projects.Count <= InProcessLimit ? ["-m:1", .. switches] : switches,
                cancellationToken).ConfigureAwait(false);
            var found = projects.ToDictionary(p => p, _ => new List<string>(), StringComparer.Ordinal);
            if (json.RootElement.TryGetProperty("Items", out var all) && all.TryGetProperty("CscCommandLineArgs", out var arguments))
            {
                foreach (var argument in arguments.EnumerateArray())
                {
                    if (argument.TryGetProperty("MSBuildSourceProjectFile", out var project) && found.TryGetValue(project.GetString() ?? "", out var list))
                    {
                        list.Add(argument.GetProperty("Identity").GetString()!);
                    }
                }
            }

            return found.ToDictionary(
                pair => pair.Key,
                pair => pair.Value.Count > 0
                    ? (FrameworkOf(pair.Value), (IReadOnlyList<string>)pair.Value)
                    : throw new ProjectLoadException($"MSBuild gave no compiler arguments for {pair.Key}."),
                StringComparer.Ordinal);
        }
        finally
        {
            File.Delete(traversal);
        }
    }

    // The SDK puts intermediate output under obj/<configuration>/<framework>/; the framework is only shown, never used to compile.
    private static string? FrameworkOf(IReadOnlyList<string> arguments) =>
        arguments.FirstOrDefault(a => a.StartsWith("/out:", StringComparison.Ordinal)) is { } output
            && Path.GetFileName(Path.GetDirectoryName(output["/out:".Length..].Trim('"'))) is { } folder
            && folder.StartsWith("net", StringComparison.OrdinalIgnoreCase)
            ? folder
            : null;
}
