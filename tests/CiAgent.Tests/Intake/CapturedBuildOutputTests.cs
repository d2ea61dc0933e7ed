using CiAgent.Intake;
using CiAgent.Kernel;

namespace CiAgent.Tests.Intake;

// Every file here was captured from a real `dotnet build` on the SDK 10.0.401 with the agent's flags;
// MsBuildOutput/README.md says how. The /tmp/msbcap paths are the throwaway projects they came from.
public class CapturedBuildOutputTests
{
    [Fact]
    public void I_can_parse_CS0246_and_CS1061_from_a_real_build()
    {
        var collector = CapturedBuildOutput.Collect("cs0246-cs1061.txt");

        Assert.Equal(
            [
                new BuildDiagnostic(
                    "/tmp/msbcap/cs-errors/Missing.cs", 5, 33, DiagnosticSeverity.Error, "CS0246",
                    "The type or namespace name 'UnknownType' could not be found (are you missing a using directive or an assembly reference?)",
                    "/tmp/msbcap/cs-errors/CsErrors.csproj"),
                new BuildDiagnostic(
                    "/tmp/msbcap/cs-errors/Missing.cs", 7, 44, DiagnosticSeverity.Error, "CS1061",
                    "'string' does not contain a definition for 'Lenght' and no accessible extension method 'Lenght' accepting a first argument of type 'string' could be found (are you missing a using directive or an assembly reference?)",
                    "/tmp/msbcap/cs-errors/CsErrors.csproj"),
            ],
            collector.Diagnostics);
        Assert.Equal(collector.Diagnostics, collector.Errors);
        Assert.Empty(collector.Warnings);
        Assert.Equal(0, collector.DroppedCount);
    }

    [Fact]
    public void The_summary_dotnet_build_prints_even_with_NoSummary_is_not_counted_twice()
    {
        // dotnet build passes its own -consoleloggerparameters:Summary, which wins over ours, so both captures
        // carry the summary; what matters is that each error is still reported once.
        var withNoSummary = CapturedBuildOutput.Collect("cs0246-cs1061.txt");
        var withoutNoSummary = CapturedBuildOutput.Collect("cs0246-cs1061-without-nosummary.txt");

        Assert.Equal(4, CapturedBuildOutput.Lines("cs0246-cs1061-without-nosummary.txt").Count(l => l.Contains(": error CS", StringComparison.Ordinal)));
        Assert.Equal(2, withoutNoSummary.Diagnostics.Count);
        Assert.Equal(withNoSummary.Diagnostics, withoutNoSummary.Diagnostics);
    }

    [Fact]
    public void I_can_parse_CS1002_from_a_real_build()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("cs1002.txt").Diagnostics);

        Assert.Equal(
            new BuildDiagnostic("/tmp/msbcap/cs-syntax/Syntax.cs", 7, 18, DiagnosticSeverity.Error, "CS1002", "; expected", "/tmp/msbcap/cs-syntax/CsSyntax.csproj"),
            error);
    }

    [Fact]
    public void I_can_parse_NU1101_for_a_package_that_does_not_exist()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("nu1101.txt").Diagnostics);

        Assert.Equal(
            new BuildDiagnostic(
                "/tmp/msbcap/nuget-missing/NugetMissing.csproj", 0, 0, DiagnosticSeverity.Error, "NU1101",
                "Unable to find package CiAgent.Does.Not.Exist.Anywhere. No packages exist with this id in source(s): nuget.org",
                null),
            error);
    }

    [Fact]
    public void I_can_parse_MSB1009_for_a_missing_project_file()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("msb1009.txt").Diagnostics);

        Assert.Equal(new BuildDiagnostic(null, 0, 0, DiagnosticSeverity.Error, "MSB1009", "Project file does not exist.", null), error);
    }

    [Fact]
    public void I_can_parse_MSB4025_for_a_project_file_that_is_not_XML()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("msb4025-broken-xml.txt").Diagnostics);

        Assert.Equal(
            new BuildDiagnostic(
                "/tmp/msbcap/broken-xml/BrokenXml.csproj", 5, 1, DiagnosticSeverity.Error, "MSB4025",
                "The project file could not be loaded. '<' is an unexpected token. The expected token is '>'. Line 5, position 1.",
                null),
            error);
    }

    [Fact]
    public void I_can_parse_MSB4025_for_a_solution_entry_whose_project_is_gone()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("solution-missing-project.txt").Diagnostics);

        Assert.Equal("/tmp/msbcap/sln/Gone/Gone.csproj", error.File);
        Assert.Equal(("MSB4025", 0), (error.Code, error.Line));
    }

    [Fact]
    public void I_can_parse_MSB4019_for_a_missing_import()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("msb4019.txt").Diagnostics);

        Assert.Equal(("/tmp/msbcap/missing-import/MissingImport.csproj", 5, 3), (error.File, error.Line, error.Column));
        Assert.Equal("MSB4019", error.Code);
        Assert.StartsWith("The imported project \"/tmp/msbcap/missing-import/build/NotThere.targets\" was not found.", error.Message);
        Assert.EndsWith("is correct, and that the file exists on disk.", error.Message);
    }

    [Fact]
    public void Duplicates_from_each_target_framework_are_reported_once()
    {
        var lines = CapturedBuildOutput.Lines("multi-targeting.txt");
        var collector = CapturedBuildOutput.Collect("multi-targeting.txt");

        Assert.Contains(lines, l => l.EndsWith("[/tmp/msbcap/multi/Multi.csproj::TargetFramework=netstandard2.0]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("[/tmp/msbcap/multi/Multi.csproj::TargetFramework=net10.0]", StringComparison.Ordinal));
        var error = Assert.Single(collector.Diagnostics);
        Assert.Equal(
            new BuildDiagnostic(
                "/tmp/msbcap/multi/Broken.cs", 5, 12, DiagnosticSeverity.Error, "CS0246",
                "The type or namespace name 'UnknownType' could not be found (are you missing a using directive or an assembly reference?)",
                "/tmp/msbcap/multi/Multi.csproj"),
            error);
    }

    [Fact]
    public void Warnings_turned_into_errors_by_TreatWarningsAsErrors_are_errors()
    {
        var collector = CapturedBuildOutput.Collect("treat-warnings-as-errors.txt");

        Assert.Equal(["CS0168", "CS8618"], collector.Errors.Select(e => e.Code));
        Assert.Empty(collector.Warnings);
        Assert.Equal(("/tmp/msbcap/twae/Person.cs", 9, 13), (collector.Errors[0].File, collector.Errors[0].Line, collector.Errors[0].Column));
    }

    [Fact]
    public void The_same_diagnostics_without_TreatWarningsAsErrors_are_warnings()
    {
        var collector = CapturedBuildOutput.Collect("warnings.txt");

        Assert.Equal(["CS0168", "CS8618"], collector.Warnings.Select(w => w.Code));
        Assert.Empty(collector.Errors);
        Assert.Equal("The variable 'unused' is declared but never used", collector.Warnings[0].Message);
    }

    [Fact]
    public void I_can_parse_a_project_whose_folders_have_spaces_and_parentheses()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("path-with-spaces.txt").Diagnostics);

        Assert.Equal(
            new BuildDiagnostic(
                "/tmp/msbcap/with spaces (x86)/Space Proj/My File.cs", 5, 26, DiagnosticSeverity.Error, "CS0103",
                "The name 'DoesNotExist' does not exist in the current context",
                "/tmp/msbcap/with spaces (x86)/Space Proj/Space Proj.csproj"),
            error);
    }

    [Fact]
    public void I_can_parse_CS2001_reported_by_CSC_itself()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("csc-cs2001.txt").Diagnostics);

        Assert.Equal(
            new BuildDiagnostic(
                null, 0, 0, DiagnosticSeverity.Error, "CS2001",
                "Source file '/tmp/msbcap/csc-missing/Generated/NotThere.cs' could not be found.",
                "/tmp/msbcap/csc-missing/CscMissing.csproj"),
            error);
    }

    [Fact]
    public void I_can_parse_NETSDK1045_pointing_into_the_SDK()
    {
        var error = Assert.Single(CapturedBuildOutput.Collect("netsdk1045.txt").Diagnostics);

        Assert.Equal("/usr/share/dotnet/sdk/10.0.401/Sdks/Microsoft.NET.Sdk/targets/Microsoft.NET.TargetFrameworkInference.targets", error.File);
        Assert.Equal(("NETSDK1045", 184, 5), (error.Code, error.Line, error.Column));
        Assert.Equal("/tmp/msbcap/netsdk/Netsdk.csproj", error.Project);
    }

    [Fact]
    public void I_can_parse_what_an_Exec_task_reports_from_its_tool_output()
    {
        var collector = CapturedBuildOutput.Collect("exec-tool-output.txt");
        const string Project = "/tmp/msbcap/exec-tool/ExecTool.csproj";

        Assert.Equal(
            [
                new BuildDiagnostic(null, 0, 0, DiagnosticSeverity.Error, "", "generated file is stale [see docs]", Project),
                new BuildDiagnostic("src/gen.txt", 4, 0, DiagnosticSeverity.Warning, "LINT42", "trailing whitespace", Project),
                new BuildDiagnostic(null, 0, 0, DiagnosticSeverity.Error, "GEN001", "schema mismatch: expected v2, got v1", Project),
                new BuildDiagnostic("native/gen.c", 3, 10, DiagnosticSeverity.Error, "C1083", "Cannot open include file: stdio.h", Project),
                new BuildDiagnostic("schema/api.yaml", 12, 5, DiagnosticSeverity.Warning, "YAML0001", "duplicate key: name", Project),
            ],
            collector.Diagnostics.Take(5));
        var exited = collector.Diagnostics[5];
        Assert.Equal((Project, 6, 5, "MSB3073"), (exited.File, exited.Line, exited.Column, exited.Code));
        Assert.EndsWith("exit 3\" exited with code 3.", exited.Message);
        Assert.Null(exited.Project);
        Assert.Equal(6, collector.Diagnostics.Count);
        Assert.Equal(4, collector.Errors.Count);
        Assert.Equal(2, collector.Warnings.Count);
    }

    [Fact]
    public void Diagnostics_keep_the_order_they_first_appeared_in()
    {
        // The summary lists warnings before errors; the first sighting decides the order.
        var collector = CapturedBuildOutput.Collect("exec-tool-output.txt");

        Assert.Equal(["", "LINT42", "GEN001", "C1083", "YAML0001", "MSB3073"], collector.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Test_run_output_quoting_diagnostics_is_not_mistaken_for_diagnostics()
    {
        var collector = CapturedBuildOutput.Collect("dotnet-test-failure.txt");

        Assert.Empty(collector.Diagnostics);
    }

    [Fact]
    public void Every_captured_diagnostic_line_is_parsed_and_nothing_else()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.TestsProject, "Intake", "MsBuildOutput"), "*.txt");
        var diagnosticLines = 0;

        // A missing or moved folder must fail here, not pass with nothing checked.
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                // Independent of the parser's regex: in this output a diagnostic is exactly a line naming its severity
                // right after ": " and not indented; test output and summaries never do both.
                var looksLikeDiagnostic = !line.StartsWith(' ')
                    && (line.Contains(": error ", StringComparison.Ordinal) || line.Contains(": warning ", StringComparison.Ordinal) || line.Contains(": fatal error ", StringComparison.Ordinal))
                    && !line.StartsWith("Expected:", StringComparison.Ordinal);

                Assert.True(
                    looksLikeDiagnostic == MsBuildDiagnosticParser.TryParse(line, out _),
                    $"{Path.GetFileName(file)}: {(looksLikeDiagnostic ? "missed" : "wrongly parsed")}: {line}");
                diagnosticLines += looksLikeDiagnostic ? 1 : 0;
            }
        }

        // Captures without a single diagnostic would check only the "nothing else" half.
        Assert.True(diagnosticLines > 0, "No captured file holds a diagnostic line.");
    }
}
