using System.Text.Json;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.EndToEnd;

/// <summary>One scripted model step that tries a way around a failing test, and the rule that must refuse it.</summary>
/// <param name="Rule">The rule id the refusal must name, "protected" for the jail's refusal of a protected (or locked) file, or "test-file" for its refusal of a test edit without leave.</param>
/// <param name="Path">The file the step tries to write.</param>
/// <param name="Step">The model's step: one write_file or replace_in_file call.</param>
internal sealed record Bypass(string Rule, string Path, FakeStep Step)
{
    /// <summary>A replace_in_file bypass.</summary>
    public static Bypass Replace(string rule, string path, string oldText, string newText) =>
        new(rule, path, FakeOpenAiServer.ToolCalls(("replace_in_file", new { path, oldText, newText })));

    /// <summary>A write_file bypass.</summary>
    public static Bypass Write(string rule, string path, string content) =>
        new(rule, path, FakeOpenAiServer.ToolCalls(("write_file", new { path, content })));

    /// <summary>Asserts that the trajectory step of this bypass got a refusal naming the rule and the file, saying what to do instead, and that nothing was written.</summary>
    public void AssertRefusedIn(JsonElement step)
    {
        var call = Assert.Single(step.GetProperty("toolCalls").EnumerateArray());
        var result = call.GetProperty("result").GetString()!;
        Assert.True(call.GetProperty("isError").GetBoolean(), result);
        if (Rule == "protected")
        {
            Assert.Contains($"'{Path}' is protected (it matches '", result);
            Assert.Contains("; rule protected-path)", result);
            return;
        }

        if (Rule == "test-file")
        {
            Assert.Equal($"'{Path}' is a test file, and test files are protected by the test-integrity policy: fix the code under test, not the test.", result);
            return;
        }

        Assert.StartsWith("Nothing was written: the test-integrity policy refuses this edit:", result);
        Assert.True(result.Contains($"- [{Rule}] {Path}", StringComparison.Ordinal), $"expected [{Rule}] {Path} in:\n{result}");
        Assert.Contains("\nInstead: ", result);
    }

    /// <summary>The run's trajectory, one parsed step per line.</summary>
    public static List<JsonElement> Trajectory(CiAgentRun run) =>
        [.. File.ReadAllLines(System.IO.Path.Combine(run.OutputDirectory, "trajectory.jsonl")).Select(line => JsonDocument.Parse(line).RootElement)];
}
