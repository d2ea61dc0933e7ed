using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Policy;

/// <summary>A C# test file's tests, read from syntax alone: no compilation, so it works on code that does not build yet.</summary>
internal sealed class TestSource
{
    /// <summary>Attributes that make a method a test in xUnit, NUnit or MSTest.</summary>
    public static readonly HashSet<string> TestAttributes = new(StringComparer.Ordinal)
    {
        "Fact", "Theory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod",
    };

    private static readonly HashSet<string> TestClassAttributes = new(StringComparer.Ordinal) { "TestClass", "TestFixture" };

    // No symbols defined: a test behind any #if (false, DEBUG or invented) is then compiled out in both versions alike.
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.None);

    private TestSource(SyntaxNode? root)
    {
        Root = root;
        if (root is null)
        {
            return;
        }

        foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var classPath = ClassPathOf(method);
            var key = $"{classPath}.{method.Identifier.ValueText}";
            Methods.TryAdd(key, method);
            var attribute = method.AttributeLists.SelectMany(list => list.Attributes).Select(NameOf).FirstOrDefault(TestAttributes.Contains);
            if (attribute is not null && !Tests.ContainsKey(key))
            {
                Tests[key] = new TestMethod(key, classPath, method.Identifier.ValueText, attribute, method);
            }
        }

        foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>())
        {
            Classes.Add(ClassPathOf(type));
            var hasTests = type.Members.OfType<MethodDeclarationSyntax>().Any(method => Tests.ContainsKey($"{ClassPathOf(method)}.{method.Identifier.ValueText}"));
            if (hasTests || type.AttributeLists.SelectMany(list => list.Attributes).Any(attribute => TestClassAttributes.Contains(NameOf(attribute))))
            {
                TestClasses.TryAdd(ClassPathOf(type), type);
            }
        }
    }

    /// <summary>The parsed file, or null when the file does not exist on this side of the change.</summary>
    public SyntaxNode? Root { get; }

    /// <summary>Every method by "Outer.Inner.Method", test or not.</summary>
    public Dictionary<string, MethodDeclarationSyntax> Methods { get; } = new(StringComparer.Ordinal);

    /// <summary>Test methods by "Outer.Inner.Method".</summary>
    public Dictionary<string, TestMethod> Tests { get; } = new(StringComparer.Ordinal);

    /// <summary>Every class path in the file, test class or not.</summary>
    public HashSet<string> Classes { get; } = new(StringComparer.Ordinal);

    /// <summary>Classes holding tests (or marked as test classes) by "Outer.Inner".</summary>
    public Dictionary<string, ClassDeclarationSyntax> TestClasses { get; } = new(StringComparer.Ordinal);

    /// <summary>The C# test files the changes modified (not added or deleted), parsed as they were before and after.</summary>

    public static IEnumerable<(FileChange Change, TestSource Before, TestSource After)> ModifiedTestFiles(IReadOnlyList<FileChange> changes) =>

        changes

            .Where(change => change.IsTestFile && change.HasExtension(".cs") && change.Before is not null && change.After is not null)

            .Select(change => (change, Parse(change.Before!), Parse(change.After!)));


    /// <summary>Parses <paramref name="text"/>; null gives an empty source.</summary>
    public static TestSource Parse(string? text) =>
        new(text is null ? null : CSharpSyntaxTree.ParseText(text, ParseOptions).GetRoot());

    /// <summary>An attribute's simple name without namespace or the Attribute suffix.</summary>
    public static string NameOf(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => attribute.Name.ToString(),
        };
        return name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > "Attribute".Length ? name[..^"Attribute".Length] : name;
    }

    /// <summary>The 1-based line where <paramref name="node"/> starts, ignoring its leading trivia.</summary>
    public static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>The 1-based line of <paramref name="token"/>.</summary>
    public static int LineOf(SyntaxToken token) => token.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>The 1-based line of <paramref name="trivia"/>.</summary>
    public static int LineOf(SyntaxTrivia trivia) => trivia.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>Whitespace-insensitive text, so reformatting is not mistaken for a change.</summary>
    public static string Normalized(SyntaxNode node) => string.Concat(node.DescendantTokens().Select(token => token.Text));

    /// <summary>The #if directive that compiles out a method named <paramref name="name"/>, with its line, or null when none does.</summary>
    public (string Directive, int Line)? CompiledOutMethod(string name) =>
        CompiledOut($@"\b{System.Text.RegularExpressions.Regex.Escape(name)}\s*[<(]");

    /// <summary>The #if directive that compiles out a class named <paramref name="name"/>, with its line, or null when none does.</summary>
    public (string Directive, int Line)? CompiledOutClass(string name) =>
        CompiledOut($@"\bclass\s+{System.Text.RegularExpressions.Regex.Escape(name)}\b");

    private (string Directive, int Line)? CompiledOut(string pattern)
    {
        if (Root is null)
        {
            return null;
        }

        foreach (var token in Root.DescendantTokens())
        {
            DirectiveTriviaSyntax? opening = null;
            foreach (var trivia in token.LeadingTrivia)
            {
                if (trivia.GetStructure() is IfDirectiveTriviaSyntax or ElifDirectiveTriviaSyntax or ElseDirectiveTriviaSyntax)
                {
                    opening = (DirectiveTriviaSyntax)trivia.GetStructure()!;
                }
                else if (trivia.IsKind(SyntaxKind.DisabledTextTrivia) && opening is not null
                    && System.Text.RegularExpressions.Regex.IsMatch(trivia.ToString(), pattern))
                {
                    return (opening.ToString().Trim(), LineOf(opening));
                }
            }
        }

        return null;
    }

    /// <summary>The last segment of a class path, which is how a reader knows the class.</summary>
    public static string ShortName(string classPath) => classPath[(classPath.LastIndexOf('.') + 1)..];

    private static string ClassPathOf(SyntaxNode node) =>
        string.Join('.', node.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().Reverse().Select(type => type.Identifier.ValueText));
}

/// <summary>A test method found in a file.</summary>
/// <param name="Key">"Outer.Inner.Method", unique within the file.</param>
/// <param name="ClassPath">The containing class path.</param>
/// <param name="Name">The method name.</param>
/// <param name="Attribute">The test attribute that marks it, such as Fact.</param>
/// <param name="Syntax">The declaration.</param>
internal sealed record TestMethod(string Key, string ClassPath, string Name, string Attribute, MethodDeclarationSyntax Syntax);
