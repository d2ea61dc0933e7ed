using System.Collections.Frozen;
using Microsoft.CodeAnalysis;

namespace CiAgent.Context;

/// <summary>
/// The .NET SDK's own source generators that write code only for what a project's sources name (an attribute, or the call they
/// intercept) or for additional files of their own kinds: one whose trigger the project lacks produces nothing, so running it in
/// memory is skipped.
/// </summary>
/// <remarks>
/// Every .NET project runs the runtime's; on the Ledger fixture they took 0.47 s of a 0.5 s compilation load in memory, almost all
/// of it in the interop generators' first run. A web project adds ASP.NET Core's: on the TodoApi fixture the validation generator
/// took 0.31 s, Razor's 0.18 s and the options validator's 0.02 s of a 0.6 s run that wrote nothing but `public partial class
/// Program`. A name used through an alias still has its text in the alias's source, so the text check never skips a generator that
/// has work to do. Generators not listed here always run.
/// </remarks>
internal static class GeneratorTriggers
{
    private static readonly FrozenDictionary<string, string> NamedInSource = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Microsoft.Interop.ComClassGenerator"] = "GeneratedComClass",
        ["Microsoft.Interop.ComInterfaceGenerator"] = "GeneratedComInterface",
        ["Microsoft.Interop.VtableIndexStubGenerator"] = "VirtualMethodIndex",
        ["Microsoft.Interop.LibraryImportGenerator"] = "LibraryImport",
        ["Microsoft.Interop.JavaScript.JSImportGenerator"] = "JSImport",
        ["Microsoft.Interop.JavaScript.JSExportGenerator"] = "JSExport",
        ["System.Text.Json.SourceGeneration.JsonSourceGenerator"] = "JsonSerializable",
        ["System.Text.RegularExpressions.Generator.RegexGenerator"] = "GeneratedRegex",
        ["Microsoft.Extensions.Logging.Generators.LoggerMessageGenerator"] = "LoggerMessage",
        ["Microsoft.Extensions.Options.Generators.OptionsValidatorGenerator"] = "OptionsValidator",
        // It writes only the interceptor of each AddValidation() call, with the types it finds from there.
        ["Microsoft.Extensions.Validation.ValidationsGenerator"] = "AddValidation",
        ["Microsoft.AspNetCore.Http.ValidationsGenerator.ValidationsGenerator"] = "AddValidation",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string[]> ForAdditionalFiles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Microsoft.NET.Sdk.Razor.SourceGenerators.RazorSourceGenerator"] = [".razor", ".cshtml"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The generators that may write code for this compilation and these additional files: every one not listed, and each listed one whose trigger is there.</summary>
    public static IReadOnlyList<ISourceGenerator> Needed(IReadOnlyList<ISourceGenerator> generators, Compilation compilation, IReadOnlyCollection<string> additionalFiles)
    {
        // Each source's text is made once, and only when a listed generator is present; each name is then looked for once.
        var sources = new Lazy<List<string>>(() => [.. compilation.SyntaxTrees.Select(tree => tree.GetText().ToString())]);
        var named = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Named(string name)
        {
            if (!named.TryGetValue(name, out var found))
            {
                found = named[name] = sources.Value.Exists(text => text.Contains(name, StringComparison.Ordinal));
            }

            return found;
        }

        bool Triggered(ISourceGenerator generator) => generator.GetGeneratorType().FullName switch
        {
            { } type when NamedInSource.TryGetValue(type, out var name) => Named(name),
            { } type when ForAdditionalFiles.TryGetValue(type, out var extensions) =>
                additionalFiles.Any(file => extensions.Any(extension => file.EndsWith(extension, StringComparison.OrdinalIgnoreCase))),
            _ => true,
        };

        return [.. generators.Where(Triggered)];
    }
}
