using CiAgent.Tests.Security;

namespace CiAgent.Tests.Agent;

public sealed class ReadingToolTests : IDisposable
{
    private readonly ToolboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task read_file_numbers_the_lines_it_returns()
    {
        var result = await _fixture.CallJson("read_file", new { path = "src/App/ICalculator.cs" });

        Assert.Equal(
            "src/App/ICalculator.cs (lines 1-6 of 6):\n   1| namespace App;\n   2| \n   3| public interface ICalculator\n   4| {\n   5|     int Add(int a, int b);\n   6| }\n",
            result.Text);
    }

    [Fact]
    public async Task read_file_pages_a_long_file_and_says_where_to_continue()
    {
        _fixture.Workspace.Write("src/App/Long.cs", string.Concat(Enumerable.Range(1, 1000).Select(i => $"// line {i}\n")));

        var first = await _fixture.CallJson("read_file", new { path = "src/App/Long.cs" });
        var last = await _fixture.CallJson("read_file", new { path = "src/App/Long.cs", startLine = 990 });

        Assert.StartsWith("src/App/Long.cs (lines 1-400 of 1000):", first.Text);
        Assert.Contains(" 400| // line 400\n", first.Text);
        Assert.DoesNotContain("line 401", first.Text);
        Assert.EndsWith("... 600 more lines not shown; call read_file with {\"path\": \"src/App/Long.cs\", \"startLine\": 401} to continue.\n", first.Text);
        Assert.Contains("1000| // line 1000", last.Text);
        Assert.DoesNotContain("more lines", last.Text);
    }

    [Fact]
    public async Task read_file_stops_at_the_size_cap_even_within_the_line_cap()
    {
        _fixture.Workspace.Write("src/App/Wide.txt", string.Concat(Enumerable.Range(1, 300).Select(i => new string('x', 500) + "\n")));

        var result = await _fixture.CallJson("read_file", new { path = "src/App/Wide.txt" });

        Assert.InRange(result.Text.Length, 30_000, 45_000);
        Assert.Contains("call read_file with {\"path\": \"src/App/Wide.txt\", \"startLine\": ", result.Text);
    }

    [Fact]
    public async Task read_file_masks_appsettings_secrets_and_refuses_env_files()
    {
        var settings = await _fixture.CallJson("read_file", new { path = "src/App/appsettings.Development.json" });
        var env = await _fixture.CallJson("read_file", new { path = ".env" });

        Assert.DoesNotContain(TinyWorkspace.ConnectionPassword, settings.Text);
        Assert.DoesNotContain(TinyWorkspace.ApiKey, settings.Text);
        Assert.Contains("\"Default\": \"***\"", settings.Text);
        Assert.True(env.IsError);
        Assert.DoesNotContain("hunter2", env.Text);
    }

    [Fact]
    public async Task read_file_explains_a_missing_file_a_folder_and_a_binary_file()
    {
        var missing = await _fixture.CallJson("read_file", new { path = "src/App/Nope.cs" });
        var folder = await _fixture.CallJson("read_file", new { path = "src/App" });
        _fixture.Workspace.WriteBytes("src/App/logo.png", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]);
        var binary = await _fixture.CallJson("read_file", new { path = "src/App/logo.png" });

        Assert.Contains("There is no file 'src/App/Nope.cs'", missing.Text);
        Assert.Contains("is a folder; call list_files", folder.Text);
        Assert.Contains("binary", binary.Text);
        Assert.All(new[] { missing, folder, binary }, r => Assert.True(r.IsError));
    }

    [Fact]
    public async Task list_files_shows_folders_with_a_slash_and_skips_build_output()
    {
        var result = await _fixture.CallJson("list_files", new { });

        var lines = result.Text.Split('\n');
        Assert.Contains("src/", lines);
        Assert.Contains("src/App/Calculator.cs", lines);
        Assert.Contains(".env (withheld)", lines);
        Assert.Contains("etc-link -> link", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("bin", StringComparison.Ordinal) || line.StartsWith(".git/", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("passwd/", StringComparison.Ordinal) || line.StartsWith("etc-link/", StringComparison.Ordinal));
        Assert.True(Array.IndexOf(lines, "src/") < Array.IndexOf(lines, "src/App/Calculator.cs"), "breadth first");
    }

    [Fact]
    public async Task list_files_caps_a_large_folder_and_says_how_many_were_left_out()
    {
        for (var i = 0; i < 320; i++)
        {
            _fixture.Workspace.Write($"data/f{i:D3}.txt", "x");
        }

        var result = await _fixture.CallJson("list_files", new { path = "data" });

        Assert.Contains("... 20 more entries not shown", result.Text);
        Assert.Contains("data/f299.txt", result.Text);
        Assert.DoesNotContain("data/f300.txt", result.Text);
    }

    [Fact]
    public async Task search_code_reports_hits_as_file_line_text()
    {
        var result = await _fixture.CallJson("search_code", new { pattern = @"Add\(", path = "src" });

        Assert.Equal(
            "src/App/Calculator.cs:9: public int Add(int a, int b)\nsrc/App/Calculator.cs:15: public double Add(double a, double b) => a + b;\nsrc/App/ICalculator.cs:5: int Add(int a, int b);\n",
            result.Text);
    }

    [Fact]
    public async Task search_code_caps_its_hits_and_counts_the_rest()
    {
        _fixture.Workspace.Write("src/App/Many.txt", string.Concat(Enumerable.Range(1, 250).Select(i => $"needle {i}\n")));

        var result = await _fixture.CallJson("search_code", new { pattern = "needle" });

        Assert.Equal(100, result.Text.Split('\n').Count(line => line.Contains(": needle", StringComparison.Ordinal)));
        Assert.EndsWith("... 150 more matches not shown (250 in all); narrow the pattern or pass a path to see them.\n", result.Text);
    }

    [Fact]
    public async Task search_code_skips_secrets_binaries_links_and_build_output()
    {
        var env = await _fixture.CallJson("search_code", new { pattern = "hunter2|root:|binary" });
        var settings = await _fixture.CallJson("search_code", new { pattern = "Password" });

        Assert.StartsWith("No matches", env.Text);
        Assert.DoesNotContain(TinyWorkspace.ConnectionPassword, settings.Text);
    }

    [Fact]
    public async Task search_code_explains_an_invalid_pattern()
    {
        var result = await _fixture.CallJson("search_code", new { pattern = "Add(" });

        Assert.True(result.IsError);
        Assert.StartsWith("search_code: 'Add(' is not a valid .NET regular expression (", result.Text);
        Assert.Contains("with a backslash", result.Text);
    }

    [Fact]
    public async Task find_symbol_finds_a_class_with_its_kind_and_base_list()
    {
        var result = await _fixture.CallJson("find_symbol", new { name = "Calculator" });

        Assert.Equal("src/App/Calculator.cs:3: public sealed class Calculator : ICalculator, IDisposable\n", result.Text);
    }

    [Fact]
    public async Task find_symbol_finds_every_overload_of_a_method()
    {
        var result = await _fixture.CallJson("find_symbol", new { name = "Add" });

        Assert.Equal(
            "src/App/Calculator.cs:9: public int Add(int a, int b)  (in class Calculator)\n"
            + "src/App/Calculator.cs:15: public double Add(double a, double b)  (in class Calculator)\n"
            + "src/App/ICalculator.cs:5: int Add(int a, int b)  (in interface ICalculator)\n",
            result.Text);
    }

    [Fact]
    public async Task find_symbol_finds_a_property_and_narrows_by_type()
    {
        var property = await _fixture.CallJson("find_symbol", new { name = "Name" });
        var qualified = await _fixture.CallJson("find_symbol", new { name = "ICalculator.Add" });

        Assert.Equal("src/App/Calculator.cs:7: public string Name { get; set; }  (in class Calculator)\n", property.Text);
        Assert.Equal("src/App/ICalculator.cs:5: int Add(int a, int b)  (in interface ICalculator)\n", qualified.Text);
    }

    [Fact]
    public async Task find_symbol_suggests_names_that_differ_only_in_case()
    {
        var result = await _fixture.CallJson("find_symbol", new { name = "calculator" });
        var none = await _fixture.CallJson("find_symbol", new { name = "Nothing" });

        Assert.StartsWith("No declaration is named exactly 'calculator'; these differ only in case:\nsrc/App/Calculator.cs:3:", result.Text);
        Assert.StartsWith("No type or member named 'Nothing'", none.Text);
    }
}
