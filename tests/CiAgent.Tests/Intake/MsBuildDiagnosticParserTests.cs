using CiAgent.Intake;
using CiAgent.Kernel;

namespace CiAgent.Tests.Intake;

public class MsBuildDiagnosticParserTests
{
    [Fact]
    public void I_can_parse_an_error_on_a_Windows_path_with_a_space()
    {
        var diagnostic = Parse(@"C:\src\a b\X.cs(3,1): error CS1002: ; expected [C:\src\p.csproj]");

        Assert.Equal(
            new BuildDiagnostic(@"C:\src\a b\X.cs", 3, 1, DiagnosticSeverity.Error, "CS1002", "; expected", @"C:\src\p.csproj"),
            diagnostic);
    }

    [Fact]
    public void I_can_parse_a_location_given_as_a_range()
    {
        var diagnostic = Parse("/src/App/Program.cs(12,5,12,9): error CS0103: The name 'x' does not exist in the current context [/src/App/App.csproj]");

        Assert.Equal(("/src/App/Program.cs", 12, 5), (diagnostic.File, diagnostic.Line, diagnostic.Column));
        Assert.Equal("The name 'x' does not exist in the current context", diagnostic.Message);
    }

    [Theory]
    [InlineData("/src/a.cs(7-9): error CS1: m", 7, 0)]
    [InlineData("/src/a.cs(7,3-8): error CS1: m", 7, 3)]
    [InlineData("/src/a.cs(7-9,3): error CS1: m", 7, 3)]
    [InlineData("/src/a.cs(7): error CS1: m", 7, 0)]
    public void I_can_parse_every_location_shape_MSBuild_prints(string line, int expectedLine, int expectedColumn)
    {
        var diagnostic = Parse(line);

        Assert.Equal(("/src/a.cs", expectedLine, expectedColumn), (diagnostic.File, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void I_can_parse_a_project_level_error_without_a_location()
    {
        var diagnostic = Parse("/src/App/App.csproj : error NU1101: Unable to find package Nope. No packages exist with this id in source(s): nuget.org [/src/App/App.csproj]");

        Assert.Equal("/src/App/App.csproj", diagnostic.File);
        Assert.Equal((0, 0), (diagnostic.Line, diagnostic.Column));
        Assert.Equal("NU1101", diagnostic.Code);
        Assert.Equal("/src/App/App.csproj", diagnostic.Project);
    }

    [Theory]
    [InlineData("/src/S.slnx")]
    [InlineData("/src/S.sln")]
    public void A_restore_error_of_a_solution_build_belongs_to_the_project_file_it_names(string solution)
    {
        var diagnostic = Parse($"/src/B/B.csproj : error NU1010: The following PackageReference items do not define a corresponding PackageVersion item: Serilog. Projects using Central Package Management must declare PackageReference and PackageVersion items with matching names. For more information, visit https://aka.ms/nuget/cpm/gettingstarted [{solution}]");

        Assert.Equal("NU1010", diagnostic.Code);
        Assert.Equal("/src/B/B.csproj", diagnostic.Project);
        Assert.EndsWith("https://aka.ms/nuget/cpm/gettingstarted", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MSBUILD : error MSB1009: Project file does not exist.", "MSB1009")]
    [InlineData("CSC : error CS2001: Source file '/src/Gen.cs' could not be found. [/src/App.csproj]", "CS2001")]
    [InlineData("EXEC : error GEN001: schema mismatch [/src/App.csproj]", "GEN001")]
    [InlineData("dotnet-format : warning IDE0055: Fix formatting [/src/App.csproj]", "IDE0055")]
    public void A_tool_name_in_place_of_a_file_gives_no_file(string line, string code)
    {
        var diagnostic = Parse(line);

        Assert.Null(diagnostic.File);
        Assert.Equal(code, diagnostic.Code);
    }

    [Theory]
    [InlineData("/s/a.cs(1,1): warning CA1822: Member 'Run' does not access instance data [/s/a.csproj]", "CA1822")]
    [InlineData("/s/a.cs(1,1): warning xUnit1004: Test methods should not be skipped [/s/a.csproj]", "xUnit1004")]
    [InlineData("/s/a.cs(1,1): warning SYSLIB0011: BinaryFormatter is obsolete [/s/a.csproj]", "SYSLIB0011")]
    [InlineData("/s/a.cs(1,1): warning RS1035: The symbol is banned for analyzers [/s/a.csproj]", "RS1035")]
    [InlineData("/usr/share/dotnet/sdk/10.0.401/Sdks/Microsoft.NET.Sdk/targets/Microsoft.NET.Sdk.targets(1,1): error NETSDK1004: Assets file not found [/s/a.csproj]", "NETSDK1004")]
    public void I_can_parse_codes_with_letter_prefixes_of_any_length(string line, string code)
    {
        Assert.Equal(code, Parse(line).Code);
    }

    [Fact]
    public void An_error_without_a_code_keeps_an_empty_code()
    {
        var diagnostic = Parse("/src/build.proj(4,5): error : Something went wrong: see above [/src/build.proj]");

        Assert.Equal("", diagnostic.Code);
        Assert.Equal("Something went wrong: see above", diagnostic.Message);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void A_fatal_error_is_an_error()
    {
        var diagnostic = Parse(@"C:\native\gen.c(3,10): fatal error C1083: Cannot open include file: 'stdio.h' [C:\native\gen.vcxproj]");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("C1083", diagnostic.Code);
        Assert.Equal(@"C:\native\gen.vcxproj", diagnostic.Project);
    }

    [Fact]
    public void The_target_framework_suffix_is_stripped_from_the_project()
    {
        var diagnostic = Parse("/src/Lib/A.cs(5,12): error CS0246: The type 'T' could not be found [/src/Lib/Lib.csproj::TargetFramework=net8.0]");

        Assert.Equal("/src/Lib/Lib.csproj", diagnostic.Project);
        Assert.Equal("The type 'T' could not be found", diagnostic.Message);
    }

    [Fact]
    public void Brackets_in_the_message_that_do_not_name_a_project_stay_in_the_message()
    {
        var diagnostic = Parse("/src/A.cs(1,1): warning CS8600: Converting null literal [see list[0]] or possible null value: x [/src/A b (x86)/A.csproj]");

        Assert.Equal("Converting null literal [see list[0]] or possible null value: x", diagnostic.Message);
        Assert.Equal("/src/A b (x86)/A.csproj", diagnostic.Project);
    }

    [Fact]
    public void A_line_without_a_project_suffix_has_no_project()
    {
        var diagnostic = Parse("/src/A.cs(1,1): error CS1002: ; expected [not a project]");

        Assert.Null(diagnostic.Project);
        Assert.Equal("; expected [not a project]", diagnostic.Message);
    }

    [Fact]
    public void Parentheses_in_directory_names_are_part_of_the_path()
    {
        var diagnostic = Parse("/home/me/Program Files (x86)/v(2)/My File.cs(5,26): error CS0103: The name 'X' does not exist [/home/me/Program Files (x86)/v(2)/P.fsproj]");

        Assert.Equal("/home/me/Program Files (x86)/v(2)/My File.cs", diagnostic.File);
        Assert.Equal((5, 26), (diagnostic.Line, diagnostic.Column));
        Assert.Equal("/home/me/Program Files (x86)/v(2)/P.fsproj", diagnostic.Project);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Build succeeded.")]
    [InlineData("Build FAILED.")]
    [InlineData("    0 Error(s)")]
    [InlineData("    2 Warning(s)")]
    [InlineData("  Restored /src/App/App.csproj (in 184 ms).")]
    [InlineData("  App -> /src/App/bin/Debug/net10.0/App.dll")]
    [InlineData("  Failed Tests.Error_CS0246_is_reported [2 ms]")]
    [InlineData("  Error Message:")]
    [InlineData("Expected: \"Program.cs(3,1): error CS0246: x\"")]
    [InlineData("Actual:   \"warning: nope [a.csproj]\"")]
    [InlineData("   at Tests.Run() in /src/Tests.cs:line 7")]
    [InlineData("error: no project given")]
    [InlineData("warning: this looks like a diagnostic but has no origin [a.csproj]")]
    [InlineData("Note: the error CS0246 below is expected")]
    [InlineData("/src/a.cs:12:5: error: gcc-style locations are not MSBuild's")]
    [InlineData("The last error : was here")]
    public void Ordinary_text_is_not_a_diagnostic(string line)
    {
        Assert.False(MsBuildDiagnosticParser.TryParse(line, out var diagnostic));
        Assert.Null(diagnostic);
    }

    [Fact]
    public void A_pathological_line_does_not_stall_the_parser()
    {
        var line = "/src/a.cs" + string.Concat(Enumerable.Repeat("(1,1) : error [x.csproj", 20_000));

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(MsBuildDiagnosticParser.TryParse(line, out _));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
    }

    private static BuildDiagnostic Parse(string line)
    {
        Assert.True(MsBuildDiagnosticParser.TryParse(line, out var diagnostic), $"not parsed: {line}");
        return diagnostic;
    }
}
