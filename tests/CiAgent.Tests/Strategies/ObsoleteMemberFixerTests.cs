using CiAgent.Strategies.Offline;
using Microsoft.CodeAnalysis;

namespace CiAgent.Tests.Strategies;

public sealed class ObsoleteMemberFixerTests
{
    private const string Shape = """
        namespace Shapes;

        public class Shape
        {
            public double Width { get; init; }
            public double Area() => Width * Width;
            public double ComputeArea() => Width * Width;
            public double Scale(double factor) => Width * factor;

            [System.Obsolete("Use Area instead")]
            public double Surface() => Area();

            [System.Obsolete("Use Area or ComputeArea instead")]
            public double Size() => Area();

            [System.Obsolete("Use `Resize(double)` instead")]
            public double Scale(int factor) => Width * factor;

            public int Corners { get; init; }

            [System.Obsolete("Use Corners instead")]
            public long CornerCount => Corners;

            [System.Obsolete]
            public double Old() => Area();
        }
        """;

    [Fact]
    public void A_call_to_an_obsolete_method_moves_to_the_replacement_its_message_names_at_every_site()
    {
        const string report = "namespace Shapes;\n\npublic static class Report\n{\n    public static double Total(Shape a, Shape b) => a.Surface() + b.Surface();\n}\n";
        const string table = "namespace Shapes;\n\npublic static class Table\n{\n    public static string Row(Shape s) => s.Surface().ToString();\n}\n";

        var outcome = Heal(("Shape.cs", Shape), ("Report.cs", report), ("Table.cs", table));

        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("obsolete-member", fix.FixerName);
        Assert.Equal("CS0618", fix.Code);
        Assert.Equal("Replaced obsolete `Surface` with `Area` on Shape, as its [Obsolete] message says (3 sites)", fix.Description);
        Assert.Contains("a.Area() + b.Area()", outcome.TextOf("Report.cs"), StringComparison.Ordinal);
        Assert.Contains("s.Area().ToString()", outcome.TextOf("Table.cs"), StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void An_obsolete_property_moves_to_a_property_whose_type_converts_implicitly()
    {
        const string use = "namespace Shapes;\n\npublic static class Use\n{\n    public static long Edge(Shape s) => s.CornerCount;\n}\n";

        var outcome = Heal(("Shape.cs", Shape), ("Use.cs", use));

        Assert.Equal("Replaced obsolete `CornerCount` with `Corners` on Shape, as its [Obsolete] message says (1 site)", Assert.Single(outcome.Accepted).Description);
        Assert.Contains("s.Corners;", outcome.TextOf("Use.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_named_replacements_that_both_fit_are_refused()
    {
        const string use = "namespace Shapes;\n\npublic static class Use\n{\n    public static double Of(Shape s) => s.Size();\n}\n";

        var outcome = Heal(("Shape.cs", Shape), ("Use.cs", use));

        Assert.Empty(outcome.Accepted);
        Assert.Equal("CS0618", Assert.Single(outcome.ErrorsAfter).Id);
    }

    [Fact]
    public void A_named_replacement_that_does_not_exist_or_a_message_that_names_none_is_refused()
    {
        const string use = "namespace Shapes;\n\npublic static class Use\n{\n    public static double Of(Shape s) => s.Scale(2) + s.Old();\n}\n";

        var outcome = Heal(("Shape.cs", Shape), ("Use.cs", use));

        Assert.Empty(outcome.Accepted);
        Assert.Equal(["CS0612", "CS0618"], outcome.ErrorsAfter.Select(e => e.Id).Order());
    }

    [Fact]
    public void Without_warnings_as_errors_there_is_nothing_to_fix()
    {
        const string use = "namespace Shapes;\n\npublic static class Use\n{\n    public static double Of(Shape s) => s.Surface();\n}\n";

        var outcome = new OfflineFixEngine([new ObsoleteMemberFixer()]).Run(InMemoryProject.Compile(("Shape.cs", Shape), ("Use.cs", use)), CancellationToken.None);

        Assert.Empty(outcome.Accepted);
        Assert.Empty(outcome.ErrorsBefore);
    }

    private static OfflineFixOutcome Heal(params (string Name, string Source)[] files)
    {
        var compilation = InMemoryProject.Compile(files);
        // <TreatWarningsAsErrors> reaches the compiler as /warnaserror+, which is this option.
        var strict = compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        return new OfflineFixEngine([new ObsoleteMemberFixer()]).Run(strict, CancellationToken.None);
    }
}
