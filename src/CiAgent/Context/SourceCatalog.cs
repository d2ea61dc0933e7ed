using System.Collections.Concurrent;
using CiAgent.Kernel;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Context;

/// <summary>An excerpt of source with its location: what the model is shown around a failure.</summary>
/// <param name="File">Path relative to the workspace.</param>
/// <param name="StartLine">First line shown (1-based).</param>
/// <param name="EndLine">Last line shown.</param>
/// <param name="Text">The lines, numbered.</param>
public sealed record CodeExcerpt(string File, int StartLine, int EndLine, string Text);

/// <summary>Where a type or member is declared, with its signature.</summary>
/// <param name="File">Path relative to the workspace.</param>
/// <param name="Line">1-based line of the declaration.</param>
/// <param name="Signature">The declaration without its body, on one line.</param>
public sealed record Declaration(string File, int Line, string Signature);

/// <summary>The workspace's C# files parsed for syntax only: fast, no build needed, good enough to locate code and declarations.</summary>
public sealed class SourceCatalog(string root)
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", ".vs", "node_modules", ".ciagent"];
    private readonly ConcurrentDictionary<string, SyntaxTree> _trees = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? _files;

    /// <summary>The workspace root.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Every C# source file of the workspace (build outputs skipped), as full paths.</summary>
    public IReadOnlyList<string> Files => _files ??= [.. Enumerate(Root).Order(StringComparer.Ordinal)];

    /// <summary>The member (method, property, constructor…) enclosing a line, or a window around it when there is none.</summary>
    public CodeExcerpt? EnclosingMember(string file, int line, int maxLines = 60)
    {
        var tree = Tree(file);
        if (tree is null || line < 1)
        {
            return null;
        }

        var text = tree.GetText();
        if (line > text.Lines.Count)
        {
            return null;
        }

        var position = text.Lines[line - 1].Start;
        var node = tree.GetRoot().FindToken(position).Parent;
        // An error on a type itself (CS0535: a member is missing) is about the whole type, not a window around its header.
        var member = node?.AncestorsAndSelf().FirstOrDefault(n =>
            n is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or LocalFunctionStatementSyntax
                or FieldDeclarationSyntax or EventFieldDeclarationSyntax or GlobalStatementSyntax or BaseTypeDeclarationSyntax);
        var span = member is null || member is GlobalStatementSyntax ? default : member.GetLocation().GetLineSpan();
        var (start, end) = member is null || member is GlobalStatementSyntax
            ? (Math.Max(1, line - 8), Math.Min(text.Lines.Count, line + 8))
            : (span.StartLinePosition.Line + 1, span.EndLinePosition.Line + 1);
        if (end - start + 1 > maxLines)
        {
            // A long member: show the part around the failing line rather than its opening only.
            start = Math.Max(start, line - (maxLines / 2));
            end = Math.Min(end, start + maxLines - 1);
        }

        var lines = Enumerable.Range(start, end - start + 1).Select(n => $"{n,5}| {text.Lines[n - 1]}");
        return new CodeExcerpt(Relative(file), start, end, string.Join('\n', lines));
    }

    /// <summary>Names of the methods, properties and types the member around a line uses: where a wrong value may come from.</summary>
    public IReadOnlyList<string> NamesUsedAround(string file, int line)
    {
        var tree = Tree(file);
        if (tree is null || line < 1 || line > tree.GetText().Lines.Count)
        {
            return [];
        }

        var node = tree.GetRoot().FindToken(tree.GetText().Lines[line - 1].Start).Parent;
        var member = node?.AncestorsAndSelf().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or LocalFunctionStatementSyntax);
        if (member is null)
        {
            return [];
        }

        return [.. member.DescendantNodes()
            .Select(n => n switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
                InvocationExpressionSyntax { Expression: IdentifierNameSyntax name } => name.Identifier.ValueText,
                MemberAccessExpressionSyntax { Parent: not InvocationExpressionSyntax } access => access.Name.Identifier.ValueText,
                ObjectCreationExpressionSyntax { Type: IdentifierNameSyntax type } => type.Identifier.ValueText,
                _ => null,
            })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The simple names written on one line (fields, locals, members, types), in order.</summary>
    public IReadOnlyList<string> NamesOnLine(string file, int line)
    {
        var tree = Tree(file);
        if (tree is null || line < 1 || line > tree.GetText().Lines.Count)
        {
            return [];
        }

        var span = tree.GetText().Lines[line - 1].Span;
        return [.. tree.GetRoot().DescendantTokens(span)
            .Where(token => token.IsKind(SyntaxKind.IdentifierToken) && token.Span.IntersectsWith(span))
            .Select(token => token.ValueText)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Declarations of types and members with this simple name, across the workspace.</summary>
    public IReadOnlyList<Declaration> FindDeclarations(string name, int max = 10)
    {
        var found = new List<Declaration>();
        foreach (var file in Files)
        {
            var tree = Tree(file);
            if (tree is null || !tree.GetText().ToString().Contains(name, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var node in tree.GetRoot().DescendantNodes().Where(n => DeclaredName(n) == name))
            {
                found.Add(new Declaration(Relative(file), node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, Signature(node)));
                if (found.Count >= max)
                {
                    return found;
                }
            }
        }

        return found;
    }

    private SyntaxTree? Tree(string file)
    {
        var path = Path.IsPathFullyQualified(file) ? file : Path.Combine(Root, file);
        if (!File.Exists(path) || !path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _trees.GetOrAdd(path, p => CSharpSyntaxTree.ParseText(TextFile.Read(p).Text, path: p));
    }

    private static string? DeclaredName(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
        DelegateDeclarationSyntax d => d.Identifier.ValueText,
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        EventDeclarationSyntax e => e.Identifier.ValueText,
        VariableDeclaratorSyntax variable when variable.Parent?.Parent is BaseFieldDeclarationSyntax => variable.Identifier.ValueText,
        EnumMemberDeclarationSyntax member => member.Identifier.ValueText,
        _ => null,
    };

    private static string Signature(SyntaxNode node)
    {
        var declaration = node is VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax field } ? field : node;
        var withoutAttributes = declaration is MemberDeclarationSyntax { AttributeLists.Count: > 0 } member
            ? member.WithAttributeLists(default)
            : declaration;
        var whole = TextShape.OneLine(withoutAttributes.WithoutTrivia().ToString());

        // A short member says more whole (its body, its accessors); a long one is summed up by its header.
        if (whole.Length <= 200 || declaration is not (BaseTypeDeclarationSyntax or BaseMethodDeclarationSyntax or PropertyDeclarationSyntax))
        {
            return whole;
        }

        var header = declaration switch
        {
            BaseTypeDeclarationSyntax type => HeaderOf(type, type.OpenBraceToken),
            BaseMethodDeclarationSyntax method => HeaderOf(method, method.Body?.OpenBraceToken ?? method.ExpressionBody?.ArrowToken ?? method.SemicolonToken),
            PropertyDeclarationSyntax property => HeaderOf(property, property.AccessorList?.OpenBraceToken ?? property.ExpressionBody?.ArrowToken ?? default),
            _ => whole,
        };
        var attributesLength = declaration is MemberDeclarationSyntax { AttributeLists.Count: > 0 } attributed ? attributed.AttributeLists.FullSpan.End - attributed.SpanStart : 0;
        return TextShape.OneLine(header[Math.Min(attributesLength, header.Length)..]);
    }


    private static string HeaderOf(SyntaxNode node, SyntaxToken bodyStart)
    {
        var end = bodyStart == default || bodyStart.IsMissing ? node.Span.End : bodyStart.SpanStart;
        return node.SyntaxTree.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(node.SpanStart, Math.Max(node.SpanStart, end))).Trim();
    }

    private string Relative(string file) =>
        WorkspaceRelative.Of(Path.IsPathFullyQualified(file) ? file : Path.Combine(Root, file), Root);

    private static IEnumerable<string> Enumerate(string directory)
    {
        var pending = new Stack<string>([directory]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(current))
            {
                var name = Path.GetFileName(sub);
                if (!SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase) && !new DirectoryInfo(sub).Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(current, "*.cs"))
            {
                yield return file;
            }
        }
    }
}
