using System.Text;

namespace CiAgent.Tests.Agent;

public sealed class EditingToolTests : IDisposable
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly ToolboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task replace_in_file_replaces_the_one_occurrence_and_reports_the_file_written()
    {
        var result = await _fixture.CallJson("replace_in_file", new { path = "src/App/Calculator.cs", oldText = "return a - b;", newText = "return a + b;" });

        Assert.False(result.IsError, result.Text);
        Assert.StartsWith("Replaced 1 occurrence in src/App/Calculator.cs. Lines 10-14 now read:\n", result.Text);
        Assert.Contains("  12|         return a + b;\n", result.Text);
        Assert.DoesNotContain("Syntax errors", result.Text);
        Assert.Contains("return a + b;", _fixture.Workspace.Read("src/App/Calculator.cs"));
        var full = _fixture.Workspace.PathOf("src/App/Calculator.cs");
        Assert.Equal(full, result.EditedPath);
        Assert.Equal([full], _fixture.Written);
    }

    [Fact]
    public async Task An_edit_keeps_a_CRLF_file_with_a_BOM_exactly_as_it_was_around_the_change()
    {
        var original = "namespace App;\r\n\r\npublic static class Greeter\r\n{\r\n    public static string Hello() => \"hi\";\r\n}\r\n";
        _fixture.Workspace.WriteBytes("src/App/Greeter.cs", [.. Bom, .. Encoding.UTF8.GetBytes(original)]);

        var result = await _fixture.CallJson("replace_in_file", new
        {
            path = "src/App/Greeter.cs",
            oldText = "{\n    public static string Hello() => \"hi\";\n",
            newText = "{\n    // Greets.\n    public static string Hello() => \"hello\";\n",
        });

        Assert.False(result.IsError, result.Text);
        var bytes = File.ReadAllBytes(_fixture.Workspace.PathOf("src/App/Greeter.cs"));
        Assert.Equal(Bom, bytes[..3]);
        Assert.Equal(
            "namespace App;\r\n\r\npublic static class Greeter\r\n{\r\n    // Greets.\r\n    public static string Hello() => \"hello\";\r\n}\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task replace_in_file_shows_the_nearest_lines_when_old_text_is_missing()
    {
        var result = await _fixture.CallJson("replace_in_file", new
        {
            path = "src/App/Calculator.cs",
            oldText = "    _calls += 1;\n    return a - b;",
            newText = "return a + b;",
        });

        Assert.True(result.IsError);
        Assert.Equal(
            "oldText was not found in 'src/App/Calculator.cs'. The most similar text is at lines 11-12; copy oldText from these lines exactly (without the number prefixes), including indentation:\n"
            + "  10|     {\n  11|         _calls++;\n  12|         return a - b;\n  13|     }\n",
            result.Text);
        Assert.Empty(_fixture.Written);
    }

    [Fact]
    public async Task replace_in_file_says_where_old_text_occurs_when_it_is_not_unique()
    {
        var result = await _fixture.CallJson("replace_in_file", new { path = "src/App/Calculator.cs", oldText = "public", newText = "internal" });

        Assert.True(result.IsError);
        Assert.StartsWith("oldText occurs 5 times in 'src/App/Calculator.cs' (at lines 3, 7, 9, 15, 17); include more of the surrounding lines", result.Text);
    }

    [Fact]
    public async Task An_edit_that_breaks_the_syntax_reports_the_new_errors_at_once()
    {
        var result = await _fixture.CallJson("replace_in_file", new { path = "src/App/Calculator.cs", oldText = "return a - b;", newText = "return a + b" });

        Assert.False(result.IsError);
        Assert.Contains("Syntax errors after your edit: src/App/Calculator.cs(12,21): CS1002 ; expected\n", result.Text);
    }

    [Fact]
    public async Task An_edit_elsewhere_in_a_file_that_was_already_broken_reports_nothing_old()
    {
        _fixture.Workspace.Write("src/App/Broken.cs", "class Broken\n{\n    void A() { int x = 1 }\n    void B() { }\n}\n");

        var result = await _fixture.CallJson("replace_in_file", new { path = "src/App/Broken.cs", oldText = "void B() { }", newText = "void Bee() { }" });

        Assert.DoesNotContain("Syntax errors", result.Text);
    }

    [Fact]
    public async Task Editing_a_test_file_is_refused_unless_allowed()
    {
        var refused = await _fixture.CallJson("replace_in_file", new { path = "tests/App.Tests/CalculatorTests.cs", oldText = "{", newText = "{ " });
        using var permissive = new ToolboxFixture(allowTestEdits: true);
        var allowed = await permissive.CallJson("replace_in_file", new { path = "tests/App.Tests/CalculatorTests.cs", oldText = "{\n}", newText = "{\n    // ok\n}" });

        Assert.True(refused.IsError);
        Assert.Contains("test files are protected by the test-integrity policy: fix the code under test, not the test", refused.Text);
        Assert.Empty(_fixture.Written);
        Assert.False(allowed.IsError, allowed.Text);
    }

    [Fact]
    public async Task A_protected_file_cannot_be_edited_or_overwritten()
    {
        var edit = await _fixture.CallJson("replace_in_file", new { path = "global.json", oldText = "10.0.100", newText = "9.0.100" });
        var write = await _fixture.CallJson("write_file", new { path = "src/App/Generated/Widgets.g.cs", content = "" });

        Assert.Contains("protected", edit.Text);
        Assert.Contains("protected", write.Text);
        Assert.Contains("10.0.100", _fixture.Workspace.Read("global.json"));
    }

    [Fact]
    public async Task write_file_creates_a_new_file_with_its_neighbours_line_endings()
    {
        _fixture.Workspace.Write("src/Win/Existing.cs", "class Existing\r\n{\r\n}\r\n");

        var result = await _fixture.CallJson("write_file", new { path = "src/Win/New.cs", content = "class New\n{\n}\n" });

        Assert.Equal("Created src/Win/New.cs (3 lines).\n", result.Text);
        Assert.Equal("class New\r\n{\r\n}\r\n", _fixture.Workspace.Read("src/Win/New.cs"));
        Assert.Equal(_fixture.Workspace.PathOf("src/Win/New.cs"), result.EditedPath);
    }

    [Fact]
    public async Task write_file_creates_missing_folders_and_reports_syntax_errors_in_what_it_wrote()
    {
        var result = await _fixture.CallJson("write_file", new { path = "src/Lib/Deep/Thing.cs", content = "class Thing\n{\n    void M() { }\n" });

        Assert.StartsWith("Created src/Lib/Deep/Thing.cs (3 lines).\nSyntax errors after your edit: src/Lib/Deep/Thing.cs(3,17): CS1513 } expected", result.Text);
        Assert.True(File.Exists(_fixture.Workspace.PathOf("src/Lib/Deep/Thing.cs")));
    }

    [Fact]
    public async Task write_file_overwrites_an_existing_file_keeping_its_bom_and_line_endings()
    {
        _fixture.Workspace.WriteBytes("src/App/Old.cs", [.. Bom, .. Encoding.UTF8.GetBytes("class Old\r\n{\r\n}\r\n")]);

        var result = await _fixture.CallJson("write_file", new { path = "src/App/Old.cs", content = "class Old\n{\n    int X;\n}\n" });

        Assert.StartsWith("Overwrote src/App/Old.cs (4 lines).", result.Text);
        Assert.Equal([.. Bom, .. Encoding.UTF8.GetBytes("class Old\r\n{\r\n    int X;\r\n}\r\n")], File.ReadAllBytes(_fixture.Workspace.PathOf("src/App/Old.cs")));
    }

    [Fact]
    public async Task write_file_through_a_link_to_outside_is_refused()
    {
        var result = await _fixture.CallJson("write_file", new { path = "etc-link/ciagent-test.conf", content = "x" });

        Assert.True(result.IsError);
        Assert.Contains("symbolic link", result.Text);
        Assert.False(File.Exists("/etc/ciagent-test.conf"));
    }
}
