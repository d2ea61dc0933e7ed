using CiAgent.Strategies.Offline;

namespace CiAgent.Tests.Strategies;

public sealed class MissingTokenFixerTests
{
    private static readonly MissingTokenFixer Fixer = new();

    [Fact]
    public void A_missing_semicolon_is_inserted_after_the_previous_token()
    {
        const string source = "namespace App;\n\npublic class C\n{\n    public int M()\n    {\n        var x = 1\n        return x;\n    }\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Equal(source.Replace("var x = 1\n", "var x = 1;\n", StringComparison.Ordinal), outcome.TextOf("C.cs"));
        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("CS1002", fix.Code);
        Assert.Equal(7, fix.Line);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_semicolon_missing_before_the_next_member_s_attribute_goes_before_the_attribute_not_after_it()
    {
        const string source =
            "namespace App;\n\npublic sealed class CheckAttribute : System.Attribute { }\n\npublic class C\n{\n" +
            "    [Check]\n    public string A() => Name()\n\n    [Check]\n    public string B() => Name();\n\n" +
            "    private static string Name() => \"c\";\n    private static int Check => 0;\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        // After the bracket, `Name()[Check];` would compile (a string's char) and take B's attribute away.
        Assert.Equal(source.Replace("=> Name()\n", "=> Name();\n", StringComparison.Ordinal), outcome.TextOf("C.cs"));
        Assert.Equal(8, Assert.Single(outcome.Accepted).Line);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_semicolon_missing_after_an_index_on_a_line_of_its_own_still_goes_after_the_index()
    {
        const string source = "namespace App;\n\npublic class C\n{\n    public char M(string text)\n    {\n        var c = text\n            [0]\n        return c;\n    }\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Equal(source.Replace("[0]\n", "[0];\n", StringComparison.Ordinal), outcome.TextOf("C.cs"));
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_missing_close_parenthesis_is_inserted_after_the_previous_token()
    {
        const string source = "namespace App;\n\npublic class C\n{\n    public void M()\n    {\n        System.Console.WriteLine(\"hi\";\n    }\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Contains("System.Console.WriteLine(\"hi\");\n", outcome.TextOf("C.cs"), StringComparison.Ordinal);
        Assert.Equal("CS1026", Assert.Single(outcome.Accepted).Code);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_brace_missing_in_the_middle_of_a_class_is_placed_by_indentation()
    {
        const string source = "namespace App;\n\npublic class C\n{\n    public int A()\n    {\n        return 1;\n\n    public int B()\n    {\n        return 2;\n    }\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Equal(
            "namespace App;\n\npublic class C\n{\n    public int A()\n    {\n        return 1;\n    }\n\n    public int B()\n    {\n        return 2;\n    }\n}\n",
            outcome.TextOf("C.cs"));
        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("CS1513", fix.Code);
        Assert.Equal(8, fix.Line);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_brace_missing_in_K_and_R_style_with_CRLF_is_placed_by_indentation()
    {
        const string source = "namespace App {\r\n    public class C {\r\n        public int A() {\r\n            if (true) {\r\n                return 1;\r\n            }\r\n            return 0;\r\n\r\n        public int B() {\r\n            return 2;\r\n        }\r\n    }\r\n}\r\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Equal(
            source.Replace("return 0;\r\n", "return 0;\r\n        }\r\n", StringComparison.Ordinal),
            outcome.TextOf("C.cs"));
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_brace_missing_at_the_end_of_the_file_is_appended()
    {
        const string source = "namespace App;\n\npublic class C\n{\n    public int A() => 1;\n";

        var outcome = InMemoryProject.Heal(Fixer, ("C.cs", source));

        Assert.Equal(source + "}\n", outcome.TextOf("C.cs"));
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_file_without_syntax_errors_gets_no_proposal()
    {
        const string source = "namespace App;\n\npublic class C\n{\n    public int A() => Missing();\n}\n";
        var compilation = InMemoryProject.Compile(("C.cs", source));

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
    }
}
