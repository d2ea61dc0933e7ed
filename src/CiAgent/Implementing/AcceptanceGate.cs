using CiAgent.Kernel;
using CiAgent.Security;
using CiAgent.Strategies.Agent;
using CiAgent.Verification;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CiAgent.Implementing;

/// <summary>The harness's hold on the acceptance tests: each must exist and be red before the code, is locked once accepted, and must be green at the end.</summary>
/// <param name="workspace">The run's workspace.</param>
/// <param name="verifier">The real build and test runs.</param>
public sealed class AcceptanceGate(RunWorkspace workspace, Verifier verifier)
{
    // A test written before the code may fail to compile, but only because a name it uses does not exist yet.
    private static readonly HashSet<string> MissingName = ["CS0246", "CS0103", "CS1061", "CS0117", "CS0234", "CS1729", "CS7036", "CS1501", "CS0426", "CS1503"];

    private readonly TestFileClassifier _tests = new(workspace.Root);
    private Dictionary<string, byte[]> _locked = new(StringComparer.Ordinal);

    /// <summary>The acceptance test files, locked once the tester's work was accepted.</summary>
    public IReadOnlyCollection<string> LockedFiles => _locked.Keys;

    /// <summary>True when the tests did not compile before the code existed (rather than compiling and failing).</summary>
    public bool RedByCompilation { get; private set; }

    /// <summary>The verified state in which the acceptance tests were accepted as red: where the coder starts.</summary>
    public BuildTestVerdict? Red { get; private set; }

    /// <summary>Checks that every planned test is written and red now; the verdict tells the tester what to fix.</summary>
    public async Task<Verdict> CheckRedAsync(IReadOnlyList<string> planned, CancellationToken cancellationToken)
    {
        var files = TestFilesWritten();
        var missing = planned.Where(test => !files.Any(file => Declares(file, test))).ToList();
        if (missing.Count > 0)
        {
            return new Verdict(false, $"These planned tests are not written yet: {string.Join(", ", missing)}. Write each under exactly this name (namespace, class and method), in a test project.");
        }

        var build = await verifier.BuildAsync(cancellationToken).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            var other = build.Errors.Where(e => e.File is null || !files.Contains(workspace.Relative(e.File)) || !MissingName.Contains(e.Code)).ToList();
            if (other.Count > 0)
            {
                return new Verdict(false, "The tests may fail to compile only because the production types and members they call do not exist yet; these errors are something else:\n"
                    + FailureText.Build(build with { Diagnostics = other }, workspace.Root));
            }

            RedByCompilation = true;
            Red = new BuildTestVerdict(build, null);
            return new Verdict(true, $"All {planned.Count} acceptance tests are red: they do not compile yet, only because the code they call does not exist ({string.Join(", ", build.Errors.Select(e => e.Code).Distinct())}).");
        }

        var run = await verifier.TestAsync(planned, cancellationToken).ConfigureAwait(false);
        if (run.FailureKind is not (TestRunFailureKind.None or TestRunFailureKind.NoTestsFound))
        {
            return new Verdict(false, $"The acceptance tests could not run ({run.FailureKind}): " + FailureText.Tests(run, workspace.Root));
        }

        var passing = planned.Where(test => !run.Failures.Any(f => Names(f.FullName, test))).ToList();
        if (passing.Count > 0)
        {
            return new Verdict(false, $"{string.Join(", ", passing)} {(passing.Count == 1 ? "passes" : "pass")} before any code is written (or {(passing.Count == 1 ? "was" : "were")} not found by the test runner). "
                + "A test written first must fail until the feature exists: make it assert the new behaviour.");
        }

        RedByCompilation = false;
        Red = new BuildTestVerdict(build, run);
        return new Verdict(true, $"All {planned.Count} acceptance tests fail, as they must before the code exists.");
    }

    /// <summary>Locks the acceptance test files as they are now: from here on no one may change them.</summary>
    public void Lock() => _locked = TestFilesWritten()
        .ToDictionary(relative => relative, relative => File.ReadAllBytes(Path.Combine(workspace.Root, relative)), StringComparer.Ordinal);

    /// <summary>The first locked file that is no longer byte for byte as accepted, or null.</summary>
    public string? BrokenLock() => _locked.FirstOrDefault(locked =>
    {
        var full = Path.Combine(workspace.Root, locked.Key);
        return !File.Exists(full) || !File.ReadAllBytes(full).AsSpan().SequenceEqual(locked.Value);
    }).Key;

    /// <summary>Runs the acceptance tests; null when all pass, else what fails, for the coder.</summary>
    public async Task<string?> CheckGreenAsync(IReadOnlyList<string> planned, CancellationToken cancellationToken)
    {
        var run = await verifier.TestAsync(planned, cancellationToken).ConfigureAwait(false);
        var ran = run.Total >= planned.Count && run.FailureKind == TestRunFailureKind.None;
        return run.Succeeded && ran ? null : "The acceptance tests do not pass yet:\n" + FailureText.Tests(run, workspace.Root);
    }

    private List<string> TestFilesWritten() =>
        [.. workspace.EditedFiles.Where(relative => relative.EndsWith(".cs", StringComparison.Ordinal) && _tests.IsTestFile(Path.Combine(workspace.Root, relative))).Order(StringComparer.Ordinal)];

    // A theory's result carries its arguments: Ns.Class.Method(x: 1).
    private static bool Names(string result, string test) =>
        result == test || result.StartsWith(test + "(", StringComparison.Ordinal);

    private bool Declares(string relative, string test)
    {
        var parts = test.Split('.');
        if (parts.Length < 2)
        {
            return false;
        }

        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(workspace.Root, relative))).GetRoot();
        return root.DescendantNodes().OfType<MethodDeclarationSyntax>().Any(method =>
            method.Identifier.ValueText == parts[^1]
            && method.Parent is TypeDeclarationSyntax type && type.Identifier.ValueText == parts[^2]);
    }
}
