using CiAgent.Context;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>The tools the model may call while healing, with their declarations, behind one entry point that turns every mistake into a reply instead of an exception.</summary>
public sealed class AgentToolbox
{
    private readonly AgentToolContext _context;
    private readonly Dictionary<string, (IAgentTool Tool, ToolSchema Schema)> _tools = new(StringComparer.Ordinal);

    /// <summary>Creates the toolbox for one healing session: every reading, editing and checking tool, and finish.</summary>
    public AgentToolbox(AgentToolContext context)
        : this(context, HealingTools)
    {
    }

    /// <summary>Creates a toolbox with only the named standard tools, plus <paramref name="extra"/> (a role's own closing tool).</summary>
    internal AgentToolbox(AgentToolContext context, IReadOnlyCollection<string> names, params IAgentTool[] extra)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(context.Jail);
        ArgumentNullException.ThrowIfNull(context.RunBuild);
        ArgumentNullException.ThrowIfNull(context.RunTests);
        ArgumentNullException.ThrowIfNull(context.FileWritten);
        if (!string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(context.Root)), context.Jail.Root, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The context root '{context.Root}' is not the jail's root '{context.Jail.Root}'.", nameof(context));
        }

        _context = context;
        IAgentTool[] standard =
        [
            new ReadFileTool(context),
            new ListFilesTool(context),
            new SearchCodeTool(context),
            new FindSymbolTool(context),
            new ReplaceInFileTool(context),
            new WriteFileTool(context),
            new RunBuildTool(context),
            new RunTestsTool(context),
            new FinishTool(),
        ];
        IAgentTool[] tools = [.. standard.Where(tool => names.Contains(tool.Declaration.Name)), .. extra];
        foreach (var tool in tools)
        {
            _tools.Add(tool.Declaration.Name, (tool, ToolSchema.Of(tool.Declaration)));
        }

        Declarations = tools.Select(tool => tool.Declaration).ToArray();
        ClosingTools = [.. tools.Where(tool => tool.Closes).Select(tool => tool.Declaration.Name)];
    }

    /// <summary>The tools that only read the workspace.</summary>
    public static IReadOnlyList<string> ReadingTools { get; } = [AgentToolNames.ReadFile, AgentToolNames.ListFiles, AgentToolNames.SearchCode, AgentToolNames.FindSymbol];

    /// <summary>Every standard tool: reading, editing, building, testing and finish.</summary>
    public static IReadOnlyList<string> HealingTools { get; } =
    [
        .. ReadingTools, AgentToolNames.ReplaceInFile, AgentToolNames.WriteFile, AgentToolNames.RunBuild, AgentToolNames.RunTests, AgentToolNames.Finish,
    ];

    /// <summary>The names of the tools that end the conversation with a claim.</summary>
    public IReadOnlyList<string> ClosingTools { get; }

    /// <summary>The tool declarations to offer the model (put them in ChatOptions.Tools), in a stable order.</summary>
    public IReadOnlyList<AIFunctionDeclaration> Declarations { get; }

    /// <summary>Runs the named tool; bad input, refusals and failures come back as an error result saying what to do, and only cancellation of <paramref name="cancellationToken"/> is thrown.</summary>
    public async Task<ToolResult> InvokeAsync(string name, IDictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await InvokeCoreAsync(name, arguments, cancellationToken).ConfigureAwait(false);
        return _context.Redactor is { } redact ? result with { Text = redact(result.Text) } : result;
    }

    private async Task<ToolResult> InvokeCoreAsync(string? name, IDictionary<string, object?>? arguments, CancellationToken cancellationToken)
    {
        if (name is null || !_tools.TryGetValue(name, out var entry))
        {
            return ToolResult.Error(UnknownTool(name));
        }

        try
        {
            return await entry.Tool.InvokeAsync(ToolArguments.Bind(entry.Schema, arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (ToolRefusal ex)
        {
            return ToolResult.Error(ex.Message);
        }
        catch (ToolInputException ex)
        {
            return ToolResult.Error($"{ex.Message} Call it as {entry.Schema.Usage}.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The model cannot act on a stack trace, but the type and message (a locked file, a full disk, a failing build script) tell it whether to retry or move on.
            return ToolResult.Error($"{name} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private string UnknownTool(string? name)
    {
        var known = string.Join(", ", _tools.Keys);
        var squashed = Squash(name ?? string.Empty);
        var close = _tools.Keys.FirstOrDefault(key => Squash(key) == squashed);
        var hint = close is null ? string.Empty : $" Did you mean {close}?";
        return $"There is no tool named '{name}'.{hint} The tools are: {known}.";
    }

    private static string Squash(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
