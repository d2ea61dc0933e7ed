using System.Text.Json;
using CiAgent.Kernel;
using CiAgent.Outputs.Report;

namespace CiAgent.Tests.Hosts;

public sealed class SarifWriterTests
{
    [Fact]
    public async Task The_SARIF_file_names_each_remaining_diagnostic()
    {
        var workspace = Path.Combine(Path.GetTempPath(), "ciagent-sarif-" + Guid.NewGuid().ToString("N"));
        var report = SampleReports.NotHealed(
            new DiagnosticReport("src/My App/Cart.cs", 12, 5, "CS0103", "The name 'total' does not exist in the current context"),
            new DiagnosticReport(Path.Combine(workspace, "src", "Receipt.cs"), 7, 0, "CS1002", "; expected"),
            new DiagnosticReport("src/Old.cs", 3, 1, "CS0618", "'Print()' is obsolete") { Severity = "warning" }) with
        {
            Final = null,
        };
        report = report with
        {
            Final = new StateReport
            {
                Diagnostics = report.Baseline!.Diagnostics,
                Tests = [new TestReport("CartTests.Total_includes_tax", "Assert.Equal() Failure")],
            },
        };
        var path = Path.Combine(workspace, ".ciagent", SarifWriter.DefaultFileName);

        try
        {
            await SarifWriter.WriteAsync(report, workspace, path, CancellationToken.None);
            using var sarif = JsonDocument.Parse(await File.ReadAllTextAsync(path));

            var root = sarif.RootElement;
            Assert.Equal(SarifWriter.SchemaUri, root.GetProperty("$schema").GetString());
            Assert.Equal("2.1.0", root.GetProperty("version").GetString());
            var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.Equal("ciagent", driver.GetProperty("name").GetString());
            Assert.Equal(ToolInfo.Version, driver.GetProperty("version").GetString());
            Assert.Equal(["CS0103", "CS1002", "CS0618", "test-failure"], driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
            Assert.Equal(new Uri(workspace + "/").AbsoluteUri, run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());

            var results = run.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(4, results.Count);
            Assert.Equal(
                ["CS0103|0|error|src/My%20App/Cart.cs|12|5", "CS1002|1|error|src/Receipt.cs|7|", "CS0618|2|warning|src/Old.cs|3|1"],
                results.Take(3).Select(Describe));
            Assert.Equal("The name 'total' does not exist in the current context", results[0].GetProperty("message").GetProperty("text").GetString());
            Assert.Equal("%SRCROOT%", results[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());

            var test = results[3];
            Assert.Equal("test-failure", test.GetProperty("ruleId").GetString());
            Assert.Equal("CartTests.Total_includes_tax failed: Assert.Equal() Failure", test.GetProperty("message").GetProperty("text").GetString());
            Assert.Equal("CartTests.Total_includes_tax", test.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    [Fact]
    public void A_healed_run_has_an_empty_but_valid_log()
    {
        using var sarif = JsonDocument.Parse(SarifWriter.ToJson(SampleReports.Healed(), "/repo"));

        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Empty(run.GetProperty("results").EnumerateArray());
        Assert.Empty(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray());
    }

    private static string Describe(JsonElement result)
    {
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        var region = location.GetProperty("region");
        var column = region.TryGetProperty("startColumn", out var c) ? c.GetInt32().ToString() : "";
        return $"{result.GetProperty("ruleId").GetString()}|{result.GetProperty("ruleIndex").GetInt32()}|{result.GetProperty("level").GetString()}|{location.GetProperty("artifactLocation").GetProperty("uri").GetString()}|{region.GetProperty("startLine").GetInt32()}|{column}";
    }
}
