using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Tests.Models;

/// <summary>The Models folders use each other in one direction only: pipeline, then middleware, then the vocabulary they share.</summary>
public sealed class ModelsLayeringTests
{
    private const string Models = "CiAgent.Models";
    private const string Middleware = "CiAgent.Models.Middleware";
    private const string Pipeline = "CiAgent.Models.Pipeline";

    private static readonly Lazy<IReadOnlySet<(string From, string To)>> Edges = new(FindEdges);

    [Fact]
    public void The_middleware_uses_the_vocabulary_of_Models_and_the_pipeline_uses_both()
    {
        // Unqualified names count: ModelCallException inside CiAgent.Models.Middleware is a use of CiAgent.Models.
        Assert.Contains((Middleware, Models), Edges.Value);
        Assert.Contains((Pipeline, Middleware), Edges.Value);
        Assert.Contains((Pipeline, Models), Edges.Value);
    }

    [Fact]
    public void No_Models_namespace_uses_one_that_uses_it_back()
    {
        Assert.DoesNotContain(Edges.Value, edge => edge.To.StartsWith(edge.From + ".", StringComparison.Ordinal));
        Assert.DoesNotContain((Middleware, Pipeline), Edges.Value);
        Assert.DoesNotContain(Edges.Value, edge => Edges.Value.Contains((edge.To, edge.From)));
    }

    // Binds every file of the core project so that usings, qualified and unqualified names and crefs all resolve to their declarations.
    private static HashSet<(string From, string To)> FindEdges()
    {
        var sourceRoot = Path.Combine(TestPaths.RepositoryRoot, "src", "CiAgent");
        var options = new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.Diagnose);
        var files = Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var trees = files.Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path)).ToList();
        var globalUsings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
            options);
        var compilation = CSharpCompilation.Create(
            "LayeringProbe",
            [.. trees, globalUsings],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var edges = new HashSet<(string, string)>();
        foreach (var tree in trees.Where(tree => tree.FilePath.StartsWith(Path.Combine(sourceRoot, "Models") + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            var model = compilation.GetSemanticModel(tree);
            var errors = model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"{tree.FilePath} did not bind, so its uses cannot be trusted:\n{string.Join('\n', errors.Take(5))}");

            var root = tree.GetRoot();
            var from = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Single().Name.ToString();
            foreach (var name in root.DescendantNodes(descendIntoTrivia: true).OfType<SimpleNameSyntax>())
            {
                if (NamespaceUsed(model, name) is { } to && to != from && to.StartsWith(Models, StringComparison.Ordinal))
                {
                    edges.Add((from, to));
                }
            }
        }

        return edges;
    }

    private static string? NamespaceUsed(SemanticModel model, SimpleNameSyntax name)
    {
        var info = model.GetSymbolInfo(name);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        return symbol switch
        {
            // A namespace counts where it is imported; the middle parts of a qualified name are covered by what they lead to.
            INamespaceSymbol ns when name.Ancestors().OfType<UsingDirectiveSyntax>().Any() => ns.ToDisplayString(),
            INamespaceSymbol => null,
            ITypeSymbol type => (type.OriginalDefinition.ContainingNamespace)?.ToDisplayString(),
            { ContainingType: { } type } => type.OriginalDefinition.ContainingNamespace?.ToDisplayString(),
            _ => null,
        };
    }

    private static IEnumerable<MetadataReference> References()
    {
        // The runtime's assemblies, then the packages copied next to the tests; never our own, whose source is compiled here.
        var ours = new[] { "CiAgent.Core.dll", "CiAgent.Tests.dll", "ciagent.dll", "CiAgent.Bench.dll" };
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        return platform.Concat(local)
            .Where(path => !ours.Contains(Path.GetFileName(path), StringComparer.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(group => MetadataReference.CreateFromFile(group.First()));
    }
}
