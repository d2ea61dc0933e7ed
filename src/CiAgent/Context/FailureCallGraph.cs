using CiAgent.Kernel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Context;

/// <summary>
/// The workspace members each failing test reaches, bound by the compiler in the test's own project: the test and the frames
/// of its stack trace, what they call, then what those call, most relevant first. Names alone mislead where several types
/// declare a member of the same name; the semantic model says which one runs.
/// </summary>
public sealed class FailureCallGraph
{
    private readonly Dictionary<string, IReadOnlyList<CalledMember>> _members;

    private FailureCallGraph(Dictionary<string, IReadOnlyList<CalledMember>> members, IReadOnlyList<string> problems)
    {
        _members = members;
        Problems = problems;
    }

    /// <summary>No bindings: every failing test falls back to the context found by names.</summary>
    public static FailureCallGraph Empty { get; } = new([], []);

    /// <summary>Why some projects could not be loaded, one line each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>How many failing tests were bound.</summary>
    public int Count => _members.Count;

    /// <summary>The members the failing test reaches, most relevant first; empty when it could not be bound.</summary>
    public IReadOnlyList<CalledMember> For(TestFailure failure) => _members.GetValueOrDefault(failure.FullName) ?? [];

    /// <summary>Loads each failing test's project (linked to the workspace projects it references) and binds what the tests call.</summary>
    public static async Task<FailureCallGraph> BindAsync(string root, IReadOnlyCollection<TestFailure> failures, ProjectCompilationLoader loader, CancellationToken cancellationToken)
    {
        var catalog = new SourceCatalog(root);
        var linked = new LinkedCompilations(catalog.Root, loader);
        var byProject = failures
            .Select(failure => (Failure: failure, Project: TestProject(failure, catalog)))
            .Where(pair => pair.Project is not null)
            .GroupBy(pair => pair.Project!, StringComparer.Ordinal)
            .Take(3)
            .ToList();
        var compilations = await Task.WhenAll(byProject.Select(group => linked.LinkAsync(group.Key, cancellationToken))).ConfigureAwait(false);

        var members = new Dictionary<string, IReadOnlyList<CalledMember>>(StringComparer.Ordinal);
        var walker = new CallWalker(linked.All, catalog.Root);
        for (var i = 0; i < byProject.Count; i++)
        {
            if (compilations[i] is not { } compilation)
            {
                continue;
            }

            foreach (var (failure, _) in byProject[i])
            {
                cancellationToken.ThrowIfCancellationRequested();
                var roots = Roots(failure, compilation, linked.All);
                if (roots.Count > 0 && !members.ContainsKey(failure.FullName))
                {
                    members[failure.FullName] = walker.Walk(roots);
                }
            }
        }

        return new FailureCallGraph(members, [.. linked.Problems]);
    }

    // The frames innermost first (where an exception came from), then the test method when no frame is inside it.
    private static List<CallRoot> Roots(TestFailure failure, CSharpCompilation testCompilation, IReadOnlyList<CSharpCompilation> all)
    {
        var roots = new List<CallRoot>();
        foreach (var location in failure.Locations)
        {
            if (FrameMember(location, all) is { } member && roots.All(r => !SymbolEqualityComparer.Default.Equals(r.Member, member)))
            {
                roots.Add(new CallRoot(member, member.ContainingType is { IsSealed: true } sealedType ? sealedType : null, location.Line));
            }
        }

        if (TestMethod(failure, testCompilation) is { } test)
        {
            // The runner creates the test class itself, so `this` in a test is exactly that class.
            var index = roots.FindIndex(r => SymbolEqualityComparer.Default.Equals(r.Member, test));
            var focus = index >= 0 ? roots[index].FocusLine : 0;
            if (index >= 0)
            {
                roots.RemoveAt(index);
            }

            roots.Insert(index >= 0 ? index : roots.Count, new CallRoot(test, test.ContainingType, focus));
        }

        return roots;
    }

    private static ISymbol? FrameMember(SourceLocation location, IReadOnlyList<CSharpCompilation> all)
    {
        var full = Path.GetFullPath(location.File);
        foreach (var compilation in all)
        {
            var tree = compilation.SyntaxTrees.FirstOrDefault(t => string.Equals(t.FilePath, full, StringComparison.Ordinal));
            if (tree is null || location.Line < 1 || location.Line > tree.GetText().Lines.Count)
            {
                continue;
            }

            var token = tree.GetRoot().FindToken(tree.GetText().Lines[location.Line - 1].Start);
            var declaration = token.Parent?.AncestorsAndSelf().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax);
            return declaration is null ? null : compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration);
        }

        return null;
    }

    // The TRX names the class and the method; a test inherited from a base class is found by its name alone when that is unique.
    private static IMethodSymbol? TestMethod(TestFailure failure, CSharpCompilation compilation)
    {
        var (className, methodName) = Names(failure);
        var candidates = compilation.GetSymbolsWithName(methodName, SymbolFilter.Member).OfType<IMethodSymbol>().ToList();
        return candidates.FirstOrDefault(m => className is not null && m.ContainingType.ToDisplayString() == className.Replace('+', '.'))
            ?? (candidates.Count == 1 ? candidates[0] : null);
    }

    private static (string? ClassName, string MethodName) Names(TestFailure failure)
    {
        if (failure.MethodName is { Length: > 0 } method)
        {
            return (failure.ClassName, method);
        }

        var name = failure.FullName.Split('(')[0];
        var dot = name.LastIndexOf('.');
        return dot < 0 ? (null, name) : (name[..dot], name[(dot + 1)..]);
    }

    // The outermost workspace frame is the test's own; without frames, the file that declares the test class.
    private static string? TestProject(TestFailure failure, SourceCatalog catalog)
    {
        var file = failure.Locations.LastOrDefault()?.File;
        if (file is null && Names(failure).ClassName is { } className)
        {
            var simple = className.Split('.', '+')[^1];
            file = catalog.FindDeclarations(simple, max: 1).FirstOrDefault()?.File is { } relative ? Path.Combine(catalog.Root, relative) : null;
        }

        for (var directory = file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
             directory is not null && directory.StartsWith(catalog.Root, StringComparison.Ordinal);
             directory = Path.GetDirectoryName(directory))
        {
            if (Directory.GetFiles(directory, "*.csproj") is [var project])
            {
                return project;
            }
        }

        return null;
    }
}
