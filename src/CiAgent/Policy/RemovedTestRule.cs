using CiAgent.Kernel;

namespace CiAgent.Policy;

/// <summary>removed-test: a test method or test class that existed before is gone (deleted, or renamed so it is a different test).</summary>
public sealed class RemovedTestRule : IIntegrityRule
{
    /// <summary>This rule's id.</summary>
    public const string RuleId = "removed-test";

    /// <inheritdoc />
    public string Id => RuleId;

    /// <inheritdoc />
    public string Instead => "Keep every test and its name; change the code under test until it passes.";

    /// <inheritdoc />
    public IEnumerable<PolicyViolation> Check(IReadOnlyList<FileChange> changes, IntegrityPolicyOptions options)
    {
        var files = changes.Where(change => change.IsTestFile && change.HasExtension(".cs"))
            .Select(change => (Change: change, Before: TestSource.Parse(change.Before), After: TestSource.Parse(change.After)))
            .ToList();

        // A test that leaves one file or class and appears in another was moved, not removed.
        var arrived = files
            .SelectMany(file => file.After.Tests.Values.Where(test => !file.Before.Tests.ContainsKey(test.Key)))
            .Select(test => test.Name)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (change, before, after) in files)
        {
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (classPath, type) in before.TestClasses)
            {
                var tests = before.Tests.Values.Where(test => test.ClassPath == classPath).ToList();
                var className = TestSource.ShortName(classPath);

                // A class renamed in place takes all its tests along, so they look arrived; that is a rename, not a move to another file.
                var renamed = after.TestClasses.Keys.FirstOrDefault(candidate => !before.TestClasses.ContainsKey(candidate)
                    && tests.All(test => after.Tests.ContainsKey($"{candidate}.{test.Name}")));
                if (after.Classes.Contains(classPath)
                    || after.CompiledOutClass(className) is not null || (renamed is null && tests.All(test => arrived.Contains(test.Name))))
                {
                    continue;
                }

                reported.UnionWith(tests.Select(test => test.Key));
                var count = tests.Count == 1 ? "1 test" : $"{tests.Count} tests";
                yield return new PolicyViolation(RuleId, change.Path, TestSource.LineOf(type.Identifier), renamed is null
                    ? $"test class {className} ({count}) was removed"
                    : $"test class {className} ({count}) was renamed to {TestSource.ShortName(renamed)}, which drops its test history");
            }

            foreach (var test in before.Tests.Values)
            {
                if (reported.Contains(test.Key) || after.Methods.ContainsKey(test.Key) || after.CompiledOutMethod(test.Name) is not null
                    || arrived.Contains(test.Name))
                {
                    continue;
                }

                var body = TestSource.Normalized(test.Syntax.Body ?? (Microsoft.CodeAnalysis.SyntaxNode?)test.Syntax.ExpressionBody ?? test.Syntax);
                var renamed = after.Tests.Values.FirstOrDefault(candidate => !before.Tests.ContainsKey(candidate.Key) && candidate.ClassPath == test.ClassPath
                    && TestSource.Normalized(candidate.Syntax.Body ?? (Microsoft.CodeAnalysis.SyntaxNode?)candidate.Syntax.ExpressionBody ?? candidate.Syntax) == body);
                yield return new PolicyViolation(RuleId, change.Path, TestSource.LineOf(test.Syntax.Identifier), renamed is null
                    ? $"test method {test.Name} was removed from {TestSource.ShortName(test.ClassPath)}"
                    : $"test method {test.Name} was renamed to {renamed.Name}");
            }
        }
    }
}
