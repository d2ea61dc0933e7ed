using CiAgent.Strategies.Offline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Tests.Strategies;

/// <summary>Errors after an edit, found by binding only the edited file where that is enough, always equal the whole compilation's.</summary>
public sealed class EditedFileErrorsTests
{
    private const string Ledger = "namespace App;\n\npublic class Ledger\n{\n    private int _total;\n    public int Total() => _total;\n    public void Add(int amount) { _total += amount; }\n}\n";
    private const string Report = "namespace App;\n\npublic class Report\n{\n    public string Print(Ledger ledger)\n    {\n        var text = new StringBuilder();\n        text.Append(ledger.Total());\n        return text.ToString();\n    }\n}\n";

    public static TheoryData<string, string, string, bool> Edits => new()
    {
        // Edit of Report.cs: find, replace; whether the edit leaves what the file declares as it was.
        { "a using is added", "namespace App;", "using System.Text;\n\nnamespace App;", true },
        { "a body gains an error", "text.Append(ledger.Total());", "text.Append(ledger.Totals());", true },
        { "a member is renamed that others may call", "public string Print(", "public string Render(", false },
        { "a global using is added", "namespace App;", "global using System.Text;\n\nnamespace App;", false },
        { "a new field lacks its semicolon", "public class Report\n{\n", "public class Report\n{\n    private int _pages\n", false },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Errors_after_an_edit_are_the_whole_compilations(string edit, string find, string replace, bool sameShape)
    {
        var before = InMemoryProject.Compile(("Ledger.cs", Ledger), ("Report.cs", Report));
        var after = Edited(before, "Report.cs", Report.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(sameShape, DeclarationShape.Same(Tree(before, "Report.cs"), Tree(after, "Report.cs"), CancellationToken.None));
        Assert.Equal(Describe(OfflineFixEngine.ErrorsOf(after, CancellationToken.None)), Describe(Of(before, after, "Report.cs")));
        Assert.NotNull(edit);
    }

    [Fact]
    public void A_field_left_unused_elsewhere_is_still_an_error_under_warnings_as_errors()
    {
        // Whether a field is ever read is known only from every body of the compilation, so memory asks the whole of it.
        var ledger = "namespace App;\n\npublic partial class Book\n{\n    private int _pages;\n}\n";
        var reader = "namespace App;\n\npublic partial class Book\n{\n    public int Pages() => _pages;\n}\n";
        var before = InMemoryProject.Compile(("Book.cs", ledger), ("Reader.cs", reader));
        before = before.WithOptions(before.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        var after = Edited(before, "Reader.cs", reader.Replace("=> _pages;", "=> 0;", StringComparison.Ordinal));

        var errors = Of(before, after, "Reader.cs");

        Assert.Contains(errors, e => e.Id == "CS0169" && e.Location.SourceTree!.FilePath == InMemoryProject.PathOf("Book.cs"));
        Assert.Equal(Describe(OfflineFixEngine.ErrorsOf(after, CancellationToken.None)), Describe(errors));
    }

    // The engine's choice per proposal: the whole compilation where the edit needs it, else the edited files bound again.
    private static IReadOnlyList<Diagnostic> Of(CSharpCompilation before, CSharpCompilation after, string edited)
    {
        string[] paths = [InMemoryProject.PathOf(edited)];
        return EditedFileErrors.NeedsWholeCompilation(before, after, paths, CancellationToken.None)
            ? OfflineFixEngine.ErrorsOf(after, CancellationToken.None)
            : EditedFileErrors.Rebound(OfflineFixEngine.ErrorsOf(before, CancellationToken.None), OfflineFixEngine.ErrorsIn(after, paths.ToHashSet(StringComparer.Ordinal), CancellationToken.None), paths);
    }

    private static SyntaxTree Tree(CSharpCompilation compilation, string name) =>
        compilation.SyntaxTrees.Single(t => t.FilePath == InMemoryProject.PathOf(name));

    private static CSharpCompilation Edited(CSharpCompilation compilation, string name, string text) =>
        OfflineFixEngine.Apply(compilation, new OfflineFix("test", "CS0000", InMemoryProject.PathOf(name), 1, "edit", new Dictionary<string, string> { [InMemoryProject.PathOf(name)] = text }))!;

    private static string[] Describe(IEnumerable<Diagnostic> errors) =>
        [.. errors.Select(e => $"{Path.GetFileName(e.Location.SourceTree?.FilePath)} {e.Location.SourceSpan} {e.Id}")];
}
