using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Strategies.Offline;

/// <summary>The public top-level types and the namespaces that a project's sources or an assembly declare, read without compiling anything.</summary>
internal sealed class PublicDeclarations
{
    private readonly HashSet<(string Namespace, string Name, int Arity)> _types = [];
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);

    private PublicDeclarations()
    {
    }

    /// <summary>True when a type declared here answers the missing name.</summary>
    public bool TypeAnswers(MissingName missing) => _types.Any(t => missing.IsAnsweredBy(t.Namespace, t.Name, t.Arity, null));

    /// <summary>True when a type or namespace declared here answers the missing name.</summary>
    public bool Answer(MissingName missing) => TypeAnswers(missing) || _namespaces.Any(ns => missing.IsAnsweredBy(null, null, 0, ns));

    /// <summary>Reads the declarations of source files; only files whose text mentions one of <paramref name="names"/> are parsed.</summary>
    public static PublicDeclarations OfSources(IEnumerable<string> files, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var declarations = new PublicDeclarations();
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var text = File.ReadAllText(file);
            if (!names.Any(name => text.Contains(name, StringComparison.Ordinal)))
            {
                continue;
            }

            var root = CSharpSyntaxTree.ParseText(text, path: file, cancellationToken: ct).GetRoot(ct);
            foreach (var ns in root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                declarations._namespaces.Add(NamespaceOf(ns));
            }

            foreach (var type in root.DescendantNodes().OfType<MemberDeclarationSyntax>().Where(IsPublicTopLevelType))
            {
                var (name, arity) = type switch
                {
                    BaseTypeDeclarationSyntax t => (t.Identifier.ValueText, (t as TypeDeclarationSyntax)?.TypeParameterList?.Parameters.Count ?? 0),
                    DelegateDeclarationSyntax d => (d.Identifier.ValueText, d.TypeParameterList?.Parameters.Count ?? 0),
                    _ => (string.Empty, 0),
                };
                var container = type.Parent as BaseNamespaceDeclarationSyntax;
                declarations._types.Add((container is null ? string.Empty : NamespaceOf(container), name, arity));
            }
        }

        return declarations;
    }

    /// <summary>Reads the public types of an assembly's metadata; an unreadable file declares nothing.</summary>
    public static PublicDeclarations OfAssembly(string path)
    {
        var declarations = new PublicDeclarations();
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return declarations;
            }

            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
                {
                    continue;
                }

                var ns = reader.GetString(type.Namespace);
                var name = reader.GetString(type.Name);
                var tick = name.IndexOf('`', StringComparison.Ordinal);
                var arity = tick < 0 ? 0 : int.TryParse(name.AsSpan(tick + 1), out var n) ? n : 0;
                declarations._types.Add((ns, tick < 0 ? name : name[..tick], arity));
                if (ns.Length > 0)
                {
                    declarations._namespaces.Add(ns);
                }
            }
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            // A reference assembly we cannot read is simply not a candidate.
        }

        return declarations;
    }

    private static bool IsPublicTopLevelType(MemberDeclarationSyntax member) =>
        member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax
        && member.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax
        && member.Modifiers.Any(SyntaxKind.PublicKeyword);

    private static string NamespaceOf(BaseNamespaceDeclarationSyntax ns) =>
        string.Join('.', ns.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => n.Name.ToString()));
}
