using CiAgent.Strategies.Offline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Tests.Strategies;

public sealed class OfflineFixEngineTests
{
    private const string Broken = "namespace App;\n\npublic class C\n{\n    public void M()\n    {\n        First();\n        Second();\n    }\n}\n";

    [Fact]
    public void A_proposal_that_does_not_reduce_errors_is_rejected()
    {
        var fixer = new ScriptedFixer(text => "// touched\n" + text);

        var outcome = new OfflineFixEngine([fixer]).Run(InMemoryProject.Compile(("C.cs", Broken)), CancellationToken.None);

        Assert.Empty(outcome.Accepted);
        Assert.Empty(outcome.ChangedFiles);
        Assert.Equal(2, outcome.ErrorsAfter.Count);
        Assert.Equal(outcome.ErrorsBefore.Count, outcome.ErrorsAfter.Count);
    }

    [Fact]
    public void A_proposal_that_trades_errors_for_a_new_one_is_rejected()
    {
        // Two errors become one, but the remaining one is new: that is not progress, it is a different breakage.
        var fixer = new ScriptedFixer(text => text.Replace("First();\n        Second();", "Third();", StringComparison.Ordinal));

        var outcome = new OfflineFixEngine([fixer]).Run(InMemoryProject.Compile(("C.cs", Broken)), CancellationToken.None);

        Assert.Empty(outcome.Accepted);
    }

    [Fact]
    public void A_proposal_that_removes_an_error_is_accepted_and_its_text_reported()
    {
        var fixer = new ScriptedFixer(text => text.Replace("        First();\n", "", StringComparison.Ordinal));

        var outcome = new OfflineFixEngine([fixer]).Run(InMemoryProject.Compile(("C.cs", Broken)), CancellationToken.None);

        Assert.Single(outcome.Accepted);
        Assert.Equal(2, outcome.ErrorsBefore.Count);
        Assert.Single(outcome.ErrorsAfter);
        Assert.DoesNotContain("First", outcome.TextOf("C.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain("First", outcome.Compilation.SyntaxTrees.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_tree_keeps_its_path_and_parse_options()
    {
        var compilation = InMemoryProject.Compile(("C.cs", Broken));
        var fixer = new ScriptedFixer(text => text.Replace("        First();\n", "", StringComparison.Ordinal));

        var tree = new OfflineFixEngine([fixer]).Run(compilation, CancellationToken.None).Compilation.SyntaxTrees.Single();

        Assert.Equal(InMemoryProject.PathOf("C.cs"), tree.FilePath);
        Assert.Equal(LanguageVersion.Preview, ((CSharpParseOptions)tree.Options).LanguageVersion);
    }

    [Fact]
    public void Fixes_to_the_same_file_compose()
    {
        const string source = "namespace App;\n\npublic class C\n{\n    public StringBuilder B { get; } = new();\n    public bool M(string s) => Regex.IsMatch(s, \"x\")\n}\n";

        var outcome = OfflineFixEngine.CreateDefault().Run(InMemoryProject.Compile(("C.cs", source)), CancellationToken.None);

        Assert.Equal(
            "using System.Text;\nusing System.Text.RegularExpressions;\n\nnamespace App;\n\npublic class C\n{\n    public StringBuilder B { get; } = new();\n    public bool M(string s) => Regex.IsMatch(s, \"x\");\n}\n",
            outcome.TextOf("C.cs"));
        Assert.Equal(["missing-token", "missing-using", "missing-using"], outcome.Accepted.Select(f => f.FixerName));
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_proposal_for_a_file_outside_the_compilation_is_rejected()
    {
        var fixer = new ScriptedFixer(_ => "", path: "/nowhere/Other.cs");

        var outcome = new OfflineFixEngine([fixer]).Run(InMemoryProject.Compile(("C.cs", Broken)), CancellationToken.None);

        Assert.Empty(outcome.Accepted);
    }

    [Fact]
    public void A_throwing_fixer_does_not_stop_the_others()
    {
        var outcome = new OfflineFixEngine([new ThrowingFixer(), new ScriptedFixer(text => text.Replace("        First();\n", "", StringComparison.Ordinal))])
            .Run(InMemoryProject.Compile(("C.cs", Broken)), CancellationToken.None);

        Assert.Single(outcome.Accepted);
    }

    /// <summary>Proposes one fixed rewrite of the first file, once per round.</summary>
    [Fact]
    public void Errors_known_only_in_the_files_a_build_named_suffice_for_a_fix_inside_a_body()
    {
        // Other.cs has an error the build did not report (it is not bound); the fix in C.cs is judged on C.cs alone.
        var compilation = InMemoryProject.Compile(("C.cs", Broken), ("Other.cs", "namespace App;\n\npublic class Other\n{\n    public void N() => Missing();\n}\n"));
        var reported = new HashSet<string>(StringComparer.Ordinal) { InMemoryProject.PathOf("C.cs") };
        var fixer = new ScriptedFixer(text => text.Replace("        First();\n", "", StringComparison.Ordinal));

        var outcome = new OfflineFixEngine([fixer]).Run(compilation, OfflineFixEngine.ErrorsIn(compilation, reported, CancellationToken.None), ErrorScope.Files, CancellationToken.None);

        Assert.Single(outcome.Accepted);
        Assert.False(outcome.WholeCompilation);
        Assert.Equal(["CS0103"], outcome.ErrorsAfter.Select(e => e.Id));
        Assert.All(outcome.ErrorsAfter, e => Assert.Equal(InMemoryProject.PathOf("C.cs"), e.Location.SourceTree!.FilePath));
    }

    [Fact]
    public void A_fix_that_changes_what_a_file_declares_is_judged_on_the_whole_compilation()
    {
        var compilation = InMemoryProject.Compile(("C.cs", Broken), ("Other.cs", "namespace App;\n\npublic class Other\n{\n    public void N() => new C().M();\n}\n"));
        var reported = new HashSet<string>(StringComparer.Ordinal) { InMemoryProject.PathOf("C.cs") };
        // Renaming M removes nothing in C.cs and breaks Other.cs, which only the whole compilation shows.
        var fixer = new ScriptedFixer(text => text.Replace("public void M()\n    {\n        First();\n", "public void Renamed()\n    {\n", StringComparison.Ordinal));

        var outcome = new OfflineFixEngine([fixer]).Run(compilation, OfflineFixEngine.ErrorsIn(compilation, reported, CancellationToken.None), ErrorScope.Files, CancellationToken.None);

        Assert.Empty(outcome.Accepted);
        Assert.True(outcome.WholeCompilation);
    }

    public static TheoryData<string, string, string[]> ParseBreaks => new()
    {
        // The broken body, its fix, the errors the fix leaves.
        { "return 1 }", "return 1; }", [] },
        // The unknown call was never bound while the parse error stood: against the parse errors alone it would look new.
        { "return Missing() }", "return Missing(); }", ["CS0103"] },
    };

    [Theory]
    [MemberData(nameof(ParseBreaks))]
    public void A_fix_is_judged_first_against_the_parse_errors_alone_and_then_against_what_they_hid(string broken, string mended, string[] left)
    {
        // A compiler that meets a parse error reports nothing else, so the parse errors are all a build could say.
        var compilation = InMemoryProject.Compile(("C.cs", $"namespace App;\n\npublic class C\n{{\n    public int M() {{ {broken}\n}}\n"));
        var fixer = new ScriptedFixer(text => text.Replace(broken, mended, StringComparison.Ordinal));

        var outcome = new OfflineFixEngine([fixer]).Run(compilation, OfflineFixEngine.ParseErrorsOf(compilation, CancellationToken.None), ErrorScope.Parse, CancellationToken.None);

        Assert.Single(outcome.Accepted);
        Assert.Equal(left, outcome.ErrorsAfter.Select(e => e.Id));
        Assert.False(outcome.WholeCompilation);
    }

    [Fact]
    public void Under_warnings_as_errors_a_fix_inside_a_body_is_accepted_on_the_whole_compilations_errors()
    {
        var compilation = AsErrors(InMemoryProject.Compile(("C.cs", Broken), ("Other.cs", "namespace App;\n\npublic class Other\n{\n    public int N() => 1;\n}\n")));
        var reported = new HashSet<string>(StringComparer.Ordinal) { InMemoryProject.PathOf("C.cs") };
        var fixer = new ScriptedFixer(text => text.Replace("        First();\n", "", StringComparison.Ordinal));

        var outcome = new OfflineFixEngine([fixer]).Run(compilation, OfflineFixEngine.ErrorsIn(compilation, reported, CancellationToken.None), ErrorScope.Files, CancellationToken.None);

        Assert.Single(outcome.Accepted);
        Assert.True(outcome.WholeCompilation);
        Assert.Equal(["CS0103"], outcome.ErrorsAfter.Select(e => e.Id));
    }

    [Fact]
    public void Under_warnings_as_errors_a_fix_that_leaves_a_field_unused_in_another_file_is_rejected()
    {
        // The field's only read goes with the error; that it is then unused shows in Book.cs, which the build did not name.
        var reader = "namespace App;\n\npublic partial class Book\n{\n    public int Pages() => Missing() + _pages;\n}\n";
        var compilation = AsErrors(InMemoryProject.Compile(("Reader.cs", reader), ("Book.cs", "namespace App;\n\npublic partial class Book\n{\n    private int _pages;\n}\n")));
        var reported = new HashSet<string>(StringComparer.Ordinal) { InMemoryProject.PathOf("Reader.cs") };
        var fixer = new ScriptedFixer(text => text.Replace("Missing() + _pages", "0", StringComparison.Ordinal));

        var outcome = new OfflineFixEngine([fixer]).Run(compilation, OfflineFixEngine.ErrorsIn(compilation, reported, CancellationToken.None), ErrorScope.Files, CancellationToken.None);

        Assert.Empty(outcome.Accepted);
        Assert.True(outcome.WholeCompilation);
    }

    private static CSharpCompilation AsErrors(CSharpCompilation compilation) =>
        compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));

    private sealed class ScriptedFixer(Func<string, string> rewrite, string? path = null) : IOfflineFixer
    {
        public string Name => "scripted";

        public IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct)
        {
            var tree = compilation.SyntaxTrees.First();
            var newText = rewrite(tree.ToString());
            if (newText != tree.ToString() || path is not null)
            {
                yield return new OfflineFix(Name, "CS0103", tree.FilePath, 1, "scripted", new Dictionary<string, string> { [path ?? tree.FilePath] = newText });
            }
        }
    }

    private sealed class ThrowingFixer : IOfflineFixer
    {
        public string Name => "throwing";

        public IEnumerable<OfflineFix> Propose(CSharpCompilation compilation, IReadOnlyList<Diagnostic> errors, CancellationToken ct) =>
            throw new InvalidOperationException("fixer bug");
    }
}
