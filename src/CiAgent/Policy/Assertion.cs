using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Policy;

/// <summary>One assertion in a test: what kind it is, what it checks (the subject) and what it expects.</summary>
/// <param name="Kind">"Assert.Equal", "Should().Be", "ShouldBe" and so on.</param>
/// <param name="Subject">The checked value's source text, whitespace removed.</param>
/// <param name="Expected">The expected value's source text as written, empty for assertions without one (Assert.True).</param>
/// <param name="Text">The whole assertion as written, for messages.</param>
/// <param name="Line">The 1-based line.</param>
internal sealed record Assertion(string Kind, string Subject, string Expected, string Text, int Line)
{
    /// <summary>The assertion's tokens with every identifier blanked: equal shapes differ only in names, never in values or operators.</summary>
    public string Shape { get; private init; } = string.Empty;

    /// <summary>What swallows this assertion's failure (a try/catch, Record.Exception, Assert.Throws), or null when a failure fails the test.</summary>
    public string? CaughtBy { get; private init; }

    // Calls that run a lambda and catch what it throws: an assertion inside one cannot fail its test.
    private static readonly HashSet<string> CatchingCalls = new(StringComparer.Ordinal)
    {
        "Record.Exception", "Record.ExceptionAsync", "Assert.Throws", "Assert.ThrowsAny", "Assert.ThrowsAsync", "Assert.ThrowsAnyAsync",
        "Assert.Catch", "Assert.CatchAsync", "Assert.ThrowsException", "Assert.ThrowsExceptionAsync", "Assert.ThrowsExactly", "Assert.ThrowsExactlyAsync",
    };

    // Assertions whose only argument is the subject; anything after it is a message, which may change freely.
    private static readonly HashSet<string> SubjectOnly = new(StringComparer.Ordinal)
    {
        "True", "False", "Null", "NotNull", "Empty", "NotEmpty", "Single", "IsTrue", "IsFalse", "IsNull", "IsNotNull",
        "IsEmpty", "IsNotEmpty", "Fail", "Pass",
    };

    private static readonly HashSet<string> AssertClasses = new(StringComparer.Ordinal)
    {
        "Assert", "ClassicAssert", "CollectionAssert", "StringAssert",
    };

    /// <summary>True when the assertion cannot fail: Assert.True(true), Assert.Equal(x, x), Assert.Pass().</summary>
    public bool IsTrivial =>
        Kind is "Assert.Pass"
        || (Kind is "Assert.True" or "Assert.IsTrue" && Subject == "true")
        || (Kind is "Assert.False" or "Assert.IsFalse" && Subject == "false")
        || (Kind is "Should().BeTrue" && Subject == "true")
        || (Expected.Length > 0 && Expected.Replace(" ", string.Empty, StringComparison.Ordinal) == Subject);

    /// <summary>The assertions in <paramref name="method"/>, in source order.</summary>
    public static List<Assertion> In(MethodDeclarationSyntax method) =>
        method.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(call => From(call) is { } assertion ? assertion with { CaughtBy = Catcher(call) } : null)
            .OfType<Assertion>().ToList();

    private static string? Catcher(InvocationExpressionSyntax call)
    {
        foreach (var ancestor in call.Ancestors())
        {
            switch (ancestor)
            {
                // A catch that rethrows lets the failure through.
                case TryStatementSyntax attempt when attempt.Block.Span.Contains(call.Span)
                    && attempt.Catches.Any(clause => !clause.Block.DescendantNodes().OfType<ThrowStatementSyntax>().Any()):
                    var caught = attempt.Catches.Select(clause => clause.Declaration?.Type.ToString() ?? "everything");
                    return $"try/catch ({string.Join(", ", caught)})";
                case ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } }
                    when CatchingCalls.Contains($"{access.Expression}.{access.Name.Identifier.ValueText}"):
                    return $"{access.Expression}.{access.Name.Identifier.ValueText}";
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static Assertion? From(InvocationExpressionSyntax call)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access)
        {
            return null;
        }

        var name = access.Name.Identifier.ValueText;
        var arguments = call.ArgumentList.Arguments;
        var line = TestSource.LineOf(call);
        var text = call.ToString();
        var shape = string.Join(' ', call.DescendantTokens().Select(token => token.IsKind(SyntaxKind.IdentifierToken) ? "_" : token.Text));

        if (access.Expression is IdentifierNameSyntax { Identifier.ValueText: var type } && AssertClasses.Contains(type))
        {
            var typeArguments = access.Name is GenericNameSyntax generic ? generic.TypeArgumentList.ToString() : string.Empty;
            if (arguments.Count == 0 || SubjectOnly.Contains(name))
            {
                return new Assertion($"{type}.{name}", arguments.Count > 0 ? Compact(arguments[0]) : string.Empty, typeArguments, text, line) { Shape = shape };
            }

            // Assert.That(actual, constraint) puts the subject first; the xUnit and MSTest comparisons put the expected value first.
            var subjectIndex = name == "That" || arguments.Count == 1 ? 0 : 1;
            var expected = string.Join(", ", arguments.Where((_, index) => index != subjectIndex).Select(argument => argument.ToString()));
            return new Assertion($"{type}.{name}", Compact(arguments[subjectIndex]), typeArguments + expected, text, line) { Shape = shape };
        }

        // FluentAssertions: subject.Should().Be(expected).
        if (access.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Should" } should })
        {
            return new Assertion($"Should().{name}", Compact(should.Expression), string.Join(", ", arguments.Select(argument => argument.ToString())), text, line) { Shape = shape };
        }

        // Shouldly: subject.ShouldBe(expected).
        if (name.StartsWith("Should", StringComparison.Ordinal) && name != "Should")
        {
            return new Assertion(name, Compact(access.Expression), string.Join(", ", arguments.Select(argument => argument.ToString())), text, line) { Shape = shape };
        }

        return null;
    }

    private static string Compact(SyntaxNode node) => TestSource.Normalized(node);
}
