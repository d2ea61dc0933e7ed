using CiAgent.Healing;
using CiAgent.Kernel;

namespace CiAgent.Tests.Healing;

public sealed class CommitMessageTests
{
    private const string Root = "/w";

    [Fact]
    public void The_subject_names_only_the_codes_fixed_and_the_body_lists_every_fix_and_what_was_hidden()
    {
        // CS0103 in the baseline went away with the rename (a cascade), so it is no code any fix was made for.
        var baseline = Verdict(
            new BuildDiagnostic("/w/src/Lib/Shape.cs", 4, 9, DiagnosticSeverity.Error, "CS0246", "The type or namespace name 'StringBuilder' could not be found", "/w/src/Lib/Lib.csproj"),
            new BuildDiagnostic("/w/src/Lib/Shape.cs", 9, 5, DiagnosticSeverity.Error, "CS0103", "The name 'sb' does not exist in the current context", "/w/src/Lib/Lib.csproj"));
        FixReport[] fixes =
        [
            new("offline", "missing-using", "CS0246", "src/Lib/Shape.cs", 4, "Added `using System.Text;` for StringBuilder"),
            new("offline", "missing-token", "CS1002", "src/App/Program.cs", 7, "Inserted missing `;` on line 7"),
            new("offline", "renamed-member", "CS1061", "src/App/Program.cs", 9, "Renamed `Totl` to `Total` on Receipt (1 site)"),
        ];

        var message = CommitMessage.Build(baseline, Verdict(), fixes, ["src/Lib/Shape.cs", "src/App/Program.cs"], Root);

        var lines = message.Split('\n');
        Assert.Equal("ciagent: fix CS0246, CS1002, CS1061 in Shape.cs and 1 more file", lines[0]);
        Assert.Contains("- src/App/Program.cs:7 CS1002: not compiled until the projects it references were fixed", lines);
        Assert.Contains("- src/App/Program.cs:9 CS1061: not compiled until the projects it references were fixed", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("- src/Lib/Shape.cs:4 CS0246: not compiled", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.Contains("(offline): ", StringComparison.Ordinal)));
        Assert.DoesNotContain(Root + "/", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_fix_without_a_code_is_named_by_what_the_baseline_showed()
    {
        var baseline = Verdict(new BuildDiagnostic("/w/src/Lib/Circle.cs", 10, 5, DiagnosticSeverity.Error, "CS0029", "Cannot implicitly convert type 'string' to 'double'", "/w/src/Lib/Lib.csproj"));

        var message = CommitMessage.Build(baseline, Verdict(), [new FixReport("model", "gpt", "", null, 0, "Returned the area as a number.")], ["src/Lib/Circle.cs"], Root);

        Assert.StartsWith("ciagent: fix CS0029 in Circle.cs\n", message, StringComparison.Ordinal);
    }

    private static BuildTestVerdict Verdict(params BuildDiagnostic[] errors) =>
        new(new BuildResult(errors, errors.Length == 0 ? 0 : 1, false, TimeSpan.Zero, ""), null);
}
