using System.Runtime.InteropServices;
using CiAgent.Context;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Tests.Context;

/// <summary>A web project's generators run in memory only where what they read is there (the SDK's own generator assemblies).</summary>
public sealed class GeneratorTriggersTests
{
    private static readonly string DotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static readonly string[] Gated =
    [
        "Microsoft.Extensions.Options.Generators.OptionsValidatorGenerator",
        "Microsoft.Extensions.Validation.ValidationsGenerator",
        "Microsoft.NET.Sdk.Razor.SourceGenerators.RazorSourceGenerator",
    ];

    [Fact]
    public void Razor_validation_and_options_generators_are_skipped_without_their_triggers_and_the_public_Program_one_still_runs()
    {
        var generators = WebGenerators();

        var needed = GeneratorTriggers.Needed(generators, Compilation("var app = 1;\nSystem.Console.WriteLine(app);"), []);

        Assert.Equal(Gated, Names(generators).Except(Names(needed)).Order(StringComparer.Ordinal));
        Assert.Contains("Microsoft.AspNetCore.SourceGenerators.PublicProgramSourceGenerator", Names(needed));
    }

    [Fact]
    public void Each_of_them_runs_once_its_trigger_is_there()
    {
        var generators = WebGenerators();
        var source = "builder.Services.AddValidation();\n[OptionsValidator] partial class CheckSettings { }";

        var needed = GeneratorTriggers.Needed(generators, Compilation(source), ["/app/Pages/Index.CSHTML"]);
        var forComponents = GeneratorTriggers.Needed(generators, Compilation(""), ["/app/Shared/Nav.razor"]);

        Assert.Equal(Names(generators), Names(needed));
        Assert.Contains("Microsoft.NET.Sdk.Razor.SourceGenerators.RazorSourceGenerator", Names(forComponents));
    }

    // The generator assemblies a web project's compiler call names: ASP.NET Core's targeting pack and the SDK's Razor compiler.
    private static List<ISourceGenerator> WebGenerators()
    {
        var aspNet = Directory.GetDirectories(Path.Combine(DotnetRoot, "packs", "Microsoft.AspNetCore.App.Ref")).Order(StringComparer.Ordinal).Last();
        var razor = Directory.GetFiles(Path.Combine(DotnetRoot, "sdk"), "Microsoft.CodeAnalysis.Razor.Compiler.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        string[] paths =
        [
            .. new[] { "Microsoft.AspNetCore.App.SourceGenerators", "Microsoft.Extensions.Validation.ValidationsGenerator", "Microsoft.Extensions.Options.SourceGeneration" }
                .Select(name => Path.Combine(aspNet, "analyzers", "dotnet", "cs", name + ".dll")),
            razor,
        ];
        var generators = paths.SelectMany(path => AnalyzerAssemblies.Reference(path)!.GetGenerators(LanguageNames.CSharp)).ToList();
        Assert.Equal(4, generators.Select(g => g.GetGeneratorType().Assembly).Distinct().Count());
        return generators;
    }

    private static CSharpCompilation Compilation(string source) =>
        CSharpCompilation.Create("Web", [CSharpSyntaxTree.ParseText(source, path: "/app/Program.cs")]);

    private static List<string> Names(IEnumerable<ISourceGenerator> generators) => [.. generators.Select(g => g.GetGeneratorType().FullName!)];
}
