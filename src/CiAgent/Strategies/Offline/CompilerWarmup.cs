using CiAgent.Context;
using CiAgent.Processes;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// Heals a small broken file in memory, on an idle thread, while the baseline build runs: the first real fix then finds the
/// compiler's code and the framework's reference assemblies already loaded instead of paying for them after the build.
/// </summary>
/// <remarks>
/// The framework's references go through the process-wide <see cref="MetadataReferences"/>, so when the guess of
/// <see cref="FrameworkReferences"/> is right the projects' compilations reuse them and the symbols read from them. Nothing here
/// starts a thread or queues thread-pool work (the compilation binds on this thread alone), as <see cref="IdleThread"/> requires.
/// </remarks>
public static class CompilerWarmup
{
    // A missing using, a lambda, a query, interpolation, a record and async: the binder paths a first fix of real code walks.
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        namespace CiAgent.Warmup;

        public sealed record Line(string Name, decimal Amount);

        public static class Statement
        {
            public static async Task<string> RenderAsync(IReadOnlyList<Line> lines)
            {
                var text = new StringBuilder();
                foreach (var line in lines.Where(l => l.Amount != 0).OrderBy(l => l.Name, StringComparer.Ordinal))
                {
                    text.Append($"{line.Name}: {line.Amount:0.00}");
                }

                await Task.Yield();
                return text.Length > 0 ? text.ToString() : throw new InvalidOperationException(nameof(lines));
            }
        }
        """;

    private static int _started;

    /// <summary>Starts the warm-up unless this process has started one before (it is warm then: a host running many heals warms once).</summary>
    /// <returns>True when a warm-up ran to its end.</returns>
    public static Task<bool> StartOnce(string target, CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _started, 1) == 0 ? Start(target, cancellationToken) : Task.FromResult(false);

    /// <summary>Starts the warm-up for the projects of a build target; it stops early when cancelled, and its task never faults.</summary>
    /// <returns>True when the warm-up ran to its end.</returns>
    public static Task<bool> Start(string target, CancellationToken cancellationToken) =>
        IdleThread.Start("ciagent compiler warm-up", () => Run(target, cancellationToken)).ContinueWith(
            run => run.IsCompletedSuccessfully && run.Result, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Heals the small file against the framework the target's projects name; returns how many fixes were accepted, or null when cancelled or nothing could run.</summary>
    internal static int? Run(string target, CancellationToken cancellationToken)
    {
        try
        {
            var references = FrameworkReferences.For(ProjectGraph.Read(target).Projects);
            if (references.Count == 0)
            {
                return null;
            }

            var loaded = new List<MetadataReference>(references.Count);
            foreach (var path in references)
            {
                cancellationToken.ThrowIfCancellationRequested();
                loaded.Add(MetadataReferences.FromFile(path, MetadataReferenceProperties.Assembly));
            }

            var tree = CSharpSyntaxTree.ParseText(Source, CSharpParseOptions.Default, "/ciagent-warmup/Statement.cs", cancellationToken: cancellationToken);
            var compilation = CSharpCompilation.Create(
                "CiAgent.Warmup",
                [tree],
                loaded,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
            return OfflineFixEngine.CreateDefault().Run(compilation, cancellationToken).Accepted.Count;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
        {
            // Only speed was at stake: an unreadable project or pack leaves the first fix to load everything itself.
            return null;
        }
    }
}
