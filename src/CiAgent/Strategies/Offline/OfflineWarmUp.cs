using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Strategies.Offline;

/// <summary>
/// Runs the fixers once on a tiny broken compilation while the baseline build runs, so the compiler and the fixers are compiled
/// by the JIT before the real diagnosis needs them instead of after the build.
/// </summary>
internal static class OfflineWarmUp
{
    private const string Source = """
        namespace WarmUp;

        public sealed class Statement(decimal opening)
        {
            public decimal Opening { get; } = opening;

            public string Render(IEnumerable<decimal> amounts)
            {
                var text = new StringBuilder();
                foreach (var amount in amounts.Where(a => a != 0))
                {
                    text.Append(amount.ToString("0.00")).Append(Opnening);
                }

                return text.ToString();
            }
        }
        """;

    /// <summary>Starts the warm-up on the thread pool; it never fails the run and costs nothing once the JIT has the code.</summary>
    public static Task Start() => Task.Run(() =>
    {
        try
        {
            var runtime = RuntimeEnvironment.GetRuntimeDirectory();
            var references = new[] { "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Linq.dll", "System.Collections.dll" }
                .Select(name => Path.Combine(runtime, name))
                .Where(File.Exists)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
            var options = CSharpCommandLineParser.Default.Parse(["-target:library", "-nullable:enable", "-langversion:latest"], runtime, sdkDirectory: null);
            var tree = CSharpSyntaxTree.ParseText(Source, options.ParseOptions, Path.Combine(Path.GetTempPath(), "WarmUp.cs"));
            var usings = CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq;", options.ParseOptions);
            var compilation = CSharpCompilation.Create("WarmUp", [tree, usings], references, options.CompilationOptions);
            OfflineFixEngine.CreateDefault().Run(compilation, CancellationToken.None);
        }
        catch (Exception)
        {
            // Only a head start: whatever fails here fails, or not, again for real, where it is reported.
        }
    });
}
