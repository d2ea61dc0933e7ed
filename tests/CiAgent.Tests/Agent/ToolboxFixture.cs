using System.Text.Json;
using CiAgent.Security;
using CiAgent.Strategies.Tools;
using CiAgent.Tests.Security;

namespace CiAgent.Tests.Agent;

/// <summary>A toolbox over a fresh <see cref="TinyWorkspace"/>, recording what the delegates were asked to do.</summary>
internal sealed class ToolboxFixture : IDisposable
{
    public ToolboxFixture(bool allowTestEdits = false, Func<string, string>? redactor = null)
    {
        Workspace = new TinyWorkspace();
        var context = new AgentToolContext(
            Workspace.Root,
            new WorkspaceJail(Workspace.Root, allowTestEdits: allowTestEdits),
            _ =>
            {
                Builds++;
                return Task.FromResult("Build succeeded.");
            },
            (filter, _) =>
            {
                TestFilters.Add(filter);
                return Task.FromResult("Passed: 3");
            },
            Written.Add,
            redactor);
        Toolbox = new AgentToolbox(context);
    }

    public TinyWorkspace Workspace { get; }

    public AgentToolbox Toolbox { get; }

    public List<string> Written { get; } = [];

    public List<string?> TestFilters { get; } = [];

    public int Builds { get; private set; }

    /// <summary>Calls a tool with arguments given as an anonymous object, turned into JsonElements as a model response would deliver them.</summary>
    public Task<ToolResult> CallJson(string name, object arguments)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(arguments));
        var values = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return Toolbox.InvokeAsync(name, values, CancellationToken.None);
    }

    /// <summary>Calls a tool with CLR values.</summary>
    public Task<ToolResult> Call(string name, params (string Name, object? Value)[] arguments) =>
        Toolbox.InvokeAsync(name, arguments.ToDictionary(a => a.Name, a => a.Value), CancellationToken.None);

    public void Dispose() => Workspace.Dispose();
}
