using CiAgent.Kernel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Policy;

/// <summary>skipped-test: a test that ran before no longer does (skipped, ignored, excluded by category, compiled out, hidden or unmarked).</summary>
public sealed class SkippedTestRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "skipped-test";

    // Attributes that stop a test or a whole class from running in NUnit and MSTest.
    private static readonly HashSet<string> SkipAttributes = new(StringComparer.Ordinal) { "Ignore", "Explicit" };

    // Attributes whose values CI filters commonly exclude with --filter "Category!=...".
    private static readonly HashSet<string> CategoryAttributes = new(StringComparer.Ordinal) { "Trait", "Category", "TestCategory" };

    private static readonly string[] ExclusionWords =
        ["skip", "ignore", "explicit", "manual", "quarantine", "flaky", "broken", "disabled", "exclude", "wip"];

    // Named arguments that skip one test or one case: [Fact(Skip = "...")], [TestCase(1, Ignore = "...")], [TestCase(Explicit = true)].
    private static readonly HashSet<string> SkipArguments = new(StringComparer.Ordinal) { "Skip", "Ignore", "IgnoreReason", "Explicit" };

    // Calls that end a test as skipped or inconclusive instead of letting it pass or fail on its assertions.
    private static readonly HashSet<string> SkipCalls = new(StringComparer.Ordinal)
    {
        "Assert.Skip", "Assert.SkipWhen", "Assert.SkipUnless", "Assert.Ignore", "Assert.Inconclusive",
        "Skip.If", "Skip.IfNot", "Skip.Unless", "Assume.That",
    };

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public string Instead => "Let the test run as it did; change the code under test until it passes.";

    /// <inheritdoc />
    public IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        foreach (var (change, before, after) in TestSource.ModifiedTestFiles(changes))
        {
            foreach (var violation in CheckClasses(change.Path, before, after).Concat(CheckMethods(change.Path, before, after)))
            {
                yield return violation;
            }
        }
    }

    private static IEnumerable<PolicyViolation> CheckClasses(string path, TestSource before, TestSource after)
    {
        foreach (var (classPath, old) in before.TestClasses)
        {
            var name = TestSource.ShortName(classPath);
            if (!after.TestClasses.TryGetValue(classPath, out var current))
            {
                if (after.CompiledOutClass(name) is { } directive)
                {
                    yield return new PolicyViolation(RuleId, path, directive.Line, $"test class {name} is compiled out by '{directive.Directive}'");
                }

                continue;
            }

            foreach (var attribute in AddedSkippingAttributes(old.AttributeLists, current.AttributeLists))
            {
                yield return new PolicyViolation(RuleId, path, TestSource.LineOf(attribute), $"test class {name} {Describe(attribute)}, so none of its tests run");
            }

            if (IsPublic(old.Modifiers) && !IsPublic(current.Modifiers))
            {
                yield return new PolicyViolation(RuleId, path, TestSource.LineOf(current.Identifier), $"test class {name} is no longer public, so its tests are not discovered");
            }
        }
    }

    private static IEnumerable<PolicyViolation> CheckMethods(string path, TestSource before, TestSource after)
    {
        foreach (var test in before.Tests.Values)
        {
            if (after.Tests.TryGetValue(test.Key, out var current))
            {
                foreach (var attribute in AddedSkippingAttributes(test.Syntax.AttributeLists, current.Syntax.AttributeLists))
                {
                    yield return new PolicyViolation(RuleId, path, TestSource.LineOf(attribute), $"test {test.Name} {Describe(attribute)}");
                }

                var oldCalls = SkipCallsIn(test.Syntax).Select(call => call.Name).ToList();
                foreach (var (call, name) in SkipCallsIn(current.Syntax))
                {
                    if (!oldCalls.Remove(name))
                    {
                        yield return new PolicyViolation(RuleId, path, TestSource.LineOf(call), $"test {test.Name} now calls {name}, so it can end without running its assertions");
                    }
                }

                if (IsPublic(test.Syntax.Modifiers) && !IsPublic(current.Syntax.Modifiers))
                {
                    yield return new PolicyViolation(RuleId, path, TestSource.LineOf(current.Syntax.Identifier), $"test {test.Name} is no longer public, so it is not discovered");
                }
            }
            else if (after.Methods.TryGetValue(test.Key, out var method))
            {
                yield return new PolicyViolation(RuleId, path, TestSource.LineOf(method.Identifier), $"test {test.Name} is no longer marked [{test.Attribute}], so it does not run");
            }
            else if (after.CompiledOutMethod(test.Name) is { } directive)
            {
                yield return new PolicyViolation(RuleId, path, directive.Line, $"test {test.Name} is compiled out by '{directive.Directive}'");
            }
        }
    }

    private static List<AttributeSyntax> AddedSkippingAttributes(SyntaxList<AttributeListSyntax> before, SyntaxList<AttributeListSyntax> after)
    {
        var old = before.SelectMany(list => list.Attributes).Where(Skips).Select(TestSource.Normalized).ToList();
        return after.SelectMany(list => list.Attributes).Where(Skips).Where(attribute => !old.Remove(TestSource.Normalized(attribute))).ToList();
    }

    private static bool Skips(AttributeSyntax attribute)
    {
        var name = TestSource.NameOf(attribute);
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        if (SkipAttributes.Contains(name))
        {
            return true;
        }

        if (CategoryAttributes.Contains(name))
        {
            return arguments.Select(argument => argument.Expression).OfType<LiteralExpressionSyntax>()
                .Any(literal => ExclusionWords.Any(word => literal.Token.ValueText.Contains(word, StringComparison.OrdinalIgnoreCase)));
        }

        // Skip = null or Explicit = false keep the test running.
        return arguments.Any(argument => argument.NameEquals is { } named && SkipArguments.Contains(named.Name.Identifier.ValueText)
            && !argument.Expression.IsKind(SyntaxKind.NullLiteralExpression) && !argument.Expression.IsKind(SyntaxKind.FalseLiteralExpression));
    }

    private static string Describe(AttributeSyntax attribute) =>
        CategoryAttributes.Contains(TestSource.NameOf(attribute))
            ? $"is tagged [{attribute}], which CI filters exclude"
            : SkipAttributes.Contains(TestSource.NameOf(attribute)) ? $"is marked [{attribute}]" : $"is skipped by [{attribute}]";

    private static IEnumerable<(InvocationExpressionSyntax Call, string Name)> SkipCallsIn(MethodDeclarationSyntax method) =>
        method.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(call => (Call: call, Name: call.Expression is MemberAccessExpressionSyntax access ? $"{access.Expression}.{access.Name.Identifier.ValueText}" : string.Empty))
            .Where(call => SkipCalls.Contains(call.Name));

    private static bool IsPublic(SyntaxTokenList modifiers) => modifiers.Any(SyntaxKind.PublicKeyword);
}
