using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CiAgent.Context;

/// <summary>A member to start from: the failing test or a frame of its stack trace, with the line that failed in it.</summary>
internal sealed record CallRoot(ISymbol Member, INamedTypeSymbol? This, int FocusLine);

/// <summary>Walks from members to the workspace members they call, breadth first, binding each call with the semantic model.</summary>
internal sealed class CallWalker(IReadOnlyList<CSharpCompilation> compilations, string root)
{
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
    private readonly Dictionary<SyntaxTree, SemanticModel?> _models = [];

    /// <summary>The roots, then what they call, then what those call, within the limits; most relevant first inside each level.</summary>
    public IReadOnlyList<CalledMember> Walk(IReadOnlyList<CallRoot> roots, int maxMembers = 40, int maxDepth = 4)
    {
        var found = new List<CalledMember>();
        var seen = new HashSet<(string, int)>();
        var level = roots.Select(r => new Pending(r.Member, r.This, r.FocusLine, Ranks.Called)).ToList();
        for (var depth = 0; level.Count > 0 && depth <= maxDepth && found.Count < maxMembers; depth++)
        {
            var next = new List<Pending>();
            foreach (var pending in level)
            {
                if (Declaration(pending.Member) is not { } declaration || !seen.Add((declaration.File, declaration.Line)))
                {
                    continue;
                }

                var inHeader = declaration.Syntax is TypeDeclarationSyntax or ParameterSyntax;
                found.Add(new CalledMember(pending.Member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), declaration.File, declaration.Line, depth, inHeader));
                if (found.Count >= maxMembers)
                {
                    break;
                }

                next.AddRange(Callees(declaration.Syntax, pending));
            }

            // Stable: inside a rank the parent's order and the order of evaluation stay.
            level = [.. next.OrderBy(p => p.Rank)];
        }

        return found;
    }

    private IEnumerable<Pending> Callees(SyntaxNode declaration, Pending from)
    {
        if (Model(declaration.SyntaxTree) is not { } model)
        {
            return [];
        }

        var calls = new List<(Pending Call, int Line, int End)>();
        foreach (var operation in Bodies(declaration).Select(body => model.GetOperation(body)).OfType<IOperation>().SelectMany(o => o.DescendantsAndSelf()))
        {
            if (Target(operation) is not ({ } target, var receiver) || !InSource(target))
            {
                continue;
            }

            var (member, exact) = DispatchTarget.Resolve(target, receiver, from.This, model);
            var line = operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            calls.Add((new Pending(member, exact, FocusLine: 0, Trivial(member) ? Ranks.Trivial : Ranks.Called), line, operation.Syntax.Span.End));
            if (exact is null && DispatchTarget.Dispatched(member))
            {
                // The body that runs is not known here: the workspace's overrides and implementations may be it, after what is certain.
                calls.AddRange(Implementations(target).Select(i => (new Pending(i, null, 0, Ranks.Possible), line, operation.Syntax.Span.End)));
            }
        }

        // Near the failing line first (above it before below it: the act precedes the assert), and there the outermost call first,
        // since it made the value that failed (`Assert.Equal(x, new A().B())` is about B more than A's constructor); elsewhere in order.
        var focus = from.FocusLine;
        return calls
            .OrderBy(c => focus <= 0 ? 0 : c.Line <= focus ? (focus - c.Line) * 2 : ((c.Line - focus) * 2) + 1)
            .ThenBy(c => focus > 0 ? -c.End : c.End)
            .Select(c => c.Call);
    }

    private static (ISymbol?, IOperation?) Target(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod.MethodKind: not (MethodKind.LocalFunction or MethodKind.AnonymousFunction) } call => (call.TargetMethod, call.Instance),
        IObjectCreationOperation creation => (creation.Constructor, creation),
        IPropertyReferenceOperation property => (property.Property, property.Instance),
        IMethodReferenceOperation { Method.MethodKind: not MethodKind.LocalFunction } method => (method.Method, method.Instance),
        IBinaryOperation { OperatorMethod: { } method } => (method, null),
        IUnaryOperation { OperatorMethod: { } method } => (method, null),
        ICompoundAssignmentOperation { OperatorMethod: { } method } => (method, null),
        IIncrementOrDecrementOperation { OperatorMethod: { } method } => (method, null),
        IConversionOperation { OperatorMethod: { } method } => (method, null),
        _ => (null, null),
    };

    private IEnumerable<ISymbol> Implementations(ISymbol target)
    {
        if (target.GetDocumentationCommentId() is not { } id)
        {
            yield break;
        }

        foreach (var compilation in compilations)
        {
            // Each compilation answers for its own types, against its own view of the target.
            if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not { } counterpart)
            {
                continue;
            }

            foreach (var candidate in compilation.GetSymbolsWithName(target.Name, SymbolFilter.Member))
            {
                if (candidate.ContainingType is { } type && !candidate.IsAbstract && !SymbolEqualityComparer.Default.Equals(candidate, counterpart)
                    && SymbolEqualityComparer.Default.Equals(DispatchTarget.ImplementationIn(type, counterpart), candidate))
                {
                    yield return candidate;
                }
            }
        }
    }

    private static IEnumerable<SyntaxNode> Bodies(SyntaxNode declaration) => declaration switch
    {
        BaseMethodDeclarationSyntax method => [method],
        BasePropertyDeclarationSyntax property when property is PropertyDeclarationSyntax { ExpressionBody: { } arrow } => [arrow],
        BasePropertyDeclarationSyntax property => property.AccessorList?.Accessors ?? [],
        _ => [],
    };

    private (SyntaxNode Syntax, string File, int Line)? Declaration(ISymbol member)
    {
        var symbol = member is IMethodSymbol { PartialImplementationPart: { } implementation } ? implementation : member;
        if (symbol.IsImplicitlyDeclared)
        {
            return null;
        }

        foreach (var location in symbol.Locations.Where(l => l.IsInSource && l.SourceTree is not null))
        {
            var path = location.SourceTree!.FilePath;
            if (!InWorkspace(path))
            {
                continue;
            }

            var syntax = symbol.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree == location.SourceTree)?.GetSyntax();
            if (syntax is not null)
            {
                return (syntax, path, location.GetLineSpan().StartLinePosition.Line + 1);
            }
        }

        return null;
    }

    private bool InSource(ISymbol symbol) => symbol.Locations.Any(l => l.IsInSource && InWorkspace(l.SourceTree?.FilePath));

    // Generated sources (obj/, generators' hint paths) are not code anyone can fix.
    private bool InWorkspace(string? path) =>
        path is not null && path.StartsWith(_root, StringComparison.Ordinal) && File.Exists(path)
        && !path[_root.Length..].Split('/', '\\').Any(part => part is "obj" or "bin");

    // An auto-property or a record's positional member says little; it goes after the members with logic of the same level.
    private static bool Trivial(ISymbol member) =>
        member is IPropertySymbol && member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() switch
        {
            PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } => accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null),
            ParameterSyntax => true,
            _ => false,
        };

    private SemanticModel? Model(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out var model))
        {
            model = compilations.FirstOrDefault(c => c.ContainsSyntaxTree(tree))?.GetSemanticModel(tree);
            _models[tree] = model;
        }

        return model;
    }

    private static class Ranks
    {
        public const int Called = 0;
        public const int Trivial = 1;
        public const int Possible = 2;
    }

    private sealed record Pending(ISymbol Member, INamedTypeSymbol? This, int FocusLine, int Rank);
}
