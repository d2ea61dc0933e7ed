using System.Text.Json;
using CiAgent.Security;
using CiAgent.Strategies.Tools;
using CiAgent.Tests.Security;

namespace CiAgent.Tests.Agent;

public sealed class ToolboxContractTests : IDisposable
{
    private readonly ToolboxFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Every_tool_is_declared_with_a_described_object_schema()
    {
        var names = _fixture.Toolbox.Declarations.Select(d => d.Name).ToArray();

        Assert.Equal(["read_file", "list_files", "search_code", "find_symbol", "replace_in_file", "write_file", "run_build", "run_tests", "finish"], names);
        Assert.All(_fixture.Toolbox.Declarations, declaration =>
        {
            Assert.True(declaration.Description.Length > 80, declaration.Name);
            Assert.Equal("object", declaration.JsonSchema.GetProperty("type").GetString());
            foreach (var property in declaration.JsonSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(property.Value.GetProperty("description").GetString()), $"{declaration.Name}.{property.Name}");
            }
        });
    }

    [Fact]
    public async Task An_unknown_tool_is_reported_not_thrown()
    {
        var result = await _fixture.Call("readFile", ("path", "src/App/Calculator.cs"));

        Assert.True(result.IsError);
        Assert.Contains("no tool named 'readFile'", result.Text);
        Assert.Contains("Did you mean read_file?", result.Text);
        Assert.Contains("list_files", result.Text);
    }

    [Fact]
    public async Task Arguments_as_JsonElements_and_as_strings_both_work()
    {
        var asJson = await _fixture.CallJson("read_file", new { path = "src/App/Calculator.cs", startLine = 3, endLine = 4 });
        var asClr = await _fixture.Call("read_file", ("path", "src/App/Calculator.cs"), ("startLine", 3), ("endLine", 4L));
        var asStrings = await _fixture.Call("read_file", ("path", "src/App/Calculator.cs"), ("startLine", "3"), ("endLine", "4"));
        var quotedInJson = await _fixture.CallJson("read_file", new { path = "src/App/Calculator.cs", startLine = "3", endLine = 4.0 });

        Assert.False(asJson.IsError, asJson.Text);
        Assert.Contains("   3| public sealed class Calculator : ICalculator, IDisposable", asJson.Text);
        Assert.Equal(asJson.Text, asClr.Text);
        Assert.Equal(asJson.Text, asStrings.Text);
        Assert.Equal(asJson.Text, quotedInJson.Text);
    }

    [Fact]
    public async Task A_missing_argument_is_reported_with_the_way_to_call_the_tool()
    {
        var result = await _fixture.Call("replace_in_file", ("path", "src/App/Calculator.cs"), ("oldText", "a - b"));

        Assert.True(result.IsError);
        Assert.Equal("replace_in_file needs the argument newText. Call it as replace_in_file(path: string, oldText: string, newText: string).", result.Text);
    }

    [Fact]
    public async Task An_ill_typed_or_misspelt_argument_is_reported_not_ignored()
    {
        var wrongType = await _fixture.CallJson("read_file", new { path = "src/App/Calculator.cs", startLine = "three" });
        var misspelt = await _fixture.CallJson("read_file", new { path = "src/App/Calculator.cs", start_line = 3 });
        var notAString = await _fixture.CallJson("read_file", new { path = 42 });
        var noArguments = await _fixture.Toolbox.InvokeAsync("read_file", null, CancellationToken.None);

        Assert.Contains("read_file: startLine must be a whole number, but was string \"three\".", wrongType.Text);
        Assert.Contains("read_file has no argument 'start_line'; its arguments are path, startLine, endLine.", misspelt.Text);
        Assert.Contains("path must be a string, but was number 42", notAString.Text);
        Assert.Contains("read_file needs the argument path.", noArguments.Text);
        Assert.All(new[] { wrongType, misspelt, notAString, noArguments }, r => Assert.True(r.IsError));
        Assert.All(new[] { wrongType, misspelt, notAString, noArguments }, r => Assert.Contains("Call it as read_file(path: string, startLine?: integer, endLine?: integer).", r.Text));
    }

    [Fact]
    public async Task A_refused_path_comes_back_as_an_error_result()
    {
        var result = await _fixture.CallJson("read_file", new { path = "../../etc/passwd" });

        Assert.True(result.IsError);
        Assert.Contains("climbs out of the workspace", result.Text);
    }

    [Fact]
    public async Task Cancellation_is_the_one_thing_that_propagates()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _fixture.Toolbox.InvokeAsync("search_code", new Dictionary<string, object?> { ["pattern"] = "x" }, cancelled.Token));
    }

    [Fact]
    public async Task Build_and_test_calls_go_to_the_loop_delegates()
    {
        var build = await _fixture.Toolbox.InvokeAsync("run_build", new Dictionary<string, object?>(), CancellationToken.None);
        var all = await _fixture.Call("run_tests");
        var some = await _fixture.CallJson("run_tests", new { filter = "FullyQualifiedName~Calculator" });

        Assert.Equal("Build succeeded.", build.Text);
        Assert.Equal(1, _fixture.Builds);
        Assert.Equal("Passed: 3", all.Text);
        Assert.Equal([null, "FullyQualifiedName~Calculator"], _fixture.TestFilters);
        Assert.False(some.IsError);
    }

    [Fact]
    public async Task A_failing_delegate_becomes_an_error_result()
    {
        using var workspace = new Security.TinyWorkspace();
        var toolbox = new AgentToolbox(new AgentToolContext(
            workspace.Root,
            new CiAgent.Security.WorkspaceJail(workspace.Root),
            _ => throw new InvalidOperationException("dotnet not found"),
            (_, _) => Task.FromResult(string.Empty),
            _ => { }));

        var result = await toolbox.InvokeAsync("run_build", null, CancellationToken.None);

        Assert.True(result.IsError);
        Assert.Equal("run_build failed: InvalidOperationException: dotnet not found", result.Text);
    }

    [Fact]
    public async Task finish_carries_the_summary_for_the_loop()
    {
        var result = await _fixture.CallJson("finish", new { summary = "Add subtracted; fixed the operator." });
        var empty = await _fixture.CallJson("finish", new { summary = "  " });

        Assert.False(result.IsError);
        Assert.Equal("Add subtracted; fixed the operator.", result.FinishSummary);
        Assert.True(empty.IsError);
        Assert.Null(empty.FinishSummary);
    }

    [Fact]
    public async Task The_redactor_sees_every_result()
    {
        using var fixture = new ToolboxFixture(redactor: text => text.Replace("ICalculator", "[hidden]", StringComparison.Ordinal));

        var result = await fixture.CallJson("read_file", new { path = "src/App/Calculator.cs" });
        var error = await fixture.CallJson("read_file", new { path = "src/App/ICalculator.cs", startLine = 99 });

        Assert.Contains("Calculator : [hidden], IDisposable", result.Text);
        Assert.DoesNotContain("ICalculator", error.Text);
    }

    [Fact]
    public void Schemas_list_their_required_parameters()
    {
        string[] Required(string name) =>
            _fixture.Toolbox.Declarations.Single(d => d.Name == name).JsonSchema.TryGetProperty("required", out var r)
                ? r.EnumerateArray().Select(e => e.GetString()!).ToArray()
                : [];

        Assert.Equal(["path"], Required("read_file"));
        Assert.Empty(Required("list_files"));
        Assert.Equal(["pattern"], Required("search_code"));
        Assert.Equal(["name"], Required("find_symbol"));
        Assert.Equal(["path", "oldText", "newText"], Required("replace_in_file"));
        Assert.Equal(["path", "content"], Required("write_file"));
        Assert.Empty(Required("run_build"));
        Assert.Empty(Required("run_tests"));
        Assert.Equal(["summary"], Required("finish"));
        Assert.Equal(JsonValueKind.Object, _fixture.Toolbox.Declarations[0].JsonSchema.ValueKind);
    }
}
