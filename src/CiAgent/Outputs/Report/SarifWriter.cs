using System.Text;
using System.Text.Json;

namespace CiAgent.Outputs.Report;

/// <summary>Writes what a run left broken as a SARIF 2.1.0 log, for code-scanning and build-analysis views.</summary>
public static class SarifWriter
{
    /// <summary>The rule id of failing tests, which have no compiler code.</summary>
    public const string TestFailureRule = "test-failure";

    /// <summary>The schema the log declares.</summary>
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>The file name the examples expect in the output folder.</summary>
    public const string DefaultFileName = "ciagent.sarif";

    private const string SourceRoot = "%SRCROOT%";

    /// <summary>The SARIF log for the report's final state; locations are relative to <paramref name="workspaceRoot"/> under %SRCROOT%.</summary>
    public static string ToJson(RunReport report, string workspaceRoot)
    {
        var diagnostics = report.Final?.Diagnostics ?? [];
        var tests = report.Final?.Tests ?? [];
        var rules = diagnostics.Select(d => d.Code).Distinct(StringComparer.Ordinal).ToList();
        if (tests.Count > 0)
        {
            rules.Add(TestFailureRule);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            WriteTool(json, rules);

            // Consumers resolve %SRCROOT% against their own checkout; the absolute root is a hint for local viewers.
            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRoot);
            json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot)) + Path.DirectorySeparatorChar).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var diagnostic in diagnostics)
            {
                var level = diagnostic.Severity == "warning" ? "warning" : "error";
                WriteResult(json, diagnostic.Code, rules.IndexOf(diagnostic.Code), level, diagnostic.Message, diagnostic.File, diagnostic.Line, diagnostic.Column, workspaceRoot, testName: null);
            }

            foreach (var test in tests)
            {
                var message = string.IsNullOrWhiteSpace(test.Message) ? $"{test.Name} failed." : $"{test.Name} failed: {test.Message}";
                WriteResult(json, TestFailureRule, rules.IndexOf(TestFailureRule), "error", message, test.File, test.Line, 0, workspaceRoot, test.Name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the SARIF log to <paramref name="path"/>, creating its folder.</summary>
    public static async Task WriteAsync(RunReport report, string workspaceRoot, string path, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, ToJson(report, workspaceRoot), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }

    private static void WriteTool(Utf8JsonWriter json, IReadOnlyList<string> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "ciagent");
        json.WriteString("version", ToolInfo.Version);
        json.WriteString("semanticVersion", ToolInfo.Version);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule == TestFailureRule ? "A test failed and ciagent could not heal it." : $"{rule} remained after ciagent's repair attempts.");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, string ruleId, int ruleIndex, string level, string message, string? file, int line, int column, string workspaceRoot, string? testName)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", ruleId);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", level);
        json.WriteStartObject("message");
        json.WriteString("text", string.IsNullOrWhiteSpace(message) ? ruleId : message);
        json.WriteEndObject();

        json.WriteStartArray("locations");
        if (file is not null || testName is not null)
        {
            json.WriteStartObject();
            if (file is not null)
            {
                WritePhysicalLocation(json, file, line, column, workspaceRoot);
            }

            if (testName is not null)
            {
                json.WriteStartArray("logicalLocations");
                json.WriteStartObject();
                json.WriteString("fullyQualifiedName", testName);
                json.WriteString("kind", "function");
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter json, string file, int line, int column, string workspaceRoot)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspaceRoot));
        var full = Path.GetFullPath(file, root);
        var inside = full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        if (inside)
        {
            // A relative URI reference: each segment escaped, so spaces and '#' in file names stay part of the path.
            var segments = Path.GetRelativePath(root, full).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            json.WriteString("uri", string.Join('/', segments.Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", SourceRoot);
        }
        else
        {
            json.WriteString("uri", new Uri(full).AbsoluteUri);
        }

        json.WriteEndObject();
        if (line > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", line);
            if (column > 0)
            {
                json.WriteNumber("startColumn", column);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
