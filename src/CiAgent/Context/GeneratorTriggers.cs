using System.Collections.Frozen;
using Microsoft.CodeAnalysis;

namespace CiAgent.Context;

/// <summary>
/// The .NET SDK's own source generators that write code only for declarations carrying their attribute: one whose attribute no
/// source of the project names produces nothing, so running it in memory is skipped.
/// </summary>
/// <remarks>
/// Every .NET project runs these; on the Ledger fixture they took 0.47 s of a 0.5 s compilation load in memory, almost all of it
/// in the interop generators' first run. An attribute used through an alias still has its name in the alias's source text, so the
/// text check never skips a generator that has work to do. Generators not listed here always run.
/// </remarks>
internal static class GeneratorTriggers
{
    private static readonly FrozenDictionary<string, string> AttributeOf = new Dictionary<string, string>(StringComparer.Ordinal)
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
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The generators that may write code for this compilation: every one not listed, and each listed one whose attribute a source names.</summary>
    public static IReadOnlyList<ISourceGenerator> Needed(IReadOnlyList<ISourceGenerator> generators, Compilation compilation)
    {
        // Each source's text is made once, and only when a listed generator is present; each attribute is then looked for once.
        var sources = new Lazy<List<string>>(() => [.. compilation.SyntaxTrees.Select(tree => tree.GetText().ToString())]);
        var named = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Named(string attribute)
        {
            if (!named.TryGetValue(attribute, out var found))
            {
                found = named[attribute] = sources.Value.Exists(text => text.Contains(attribute, StringComparison.Ordinal));
            }

            return found;
        }

        return [.. generators.Where(generator =>
            generator.GetGeneratorType().FullName is not { } name || !AttributeOf.TryGetValue(name, out var attribute) || Named(attribute))];
    }
}
