using System.Text;
using CiAgent.Context;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>read_file: numbered lines of one file, a page at a time.</summary>
internal sealed class ReadFileTool(AgentToolContext context) : IAgentTool
{
    /// <summary>Most lines returned by one call.</summary>
    public const int MaxLines = 400;

    /// <summary>Most characters of file text returned by one call.</summary>
    public const int MaxChars = 40_000;

    // Minified or generated lines can be enormous; one line must not use up the whole page.
    private const int MaxLineChars = 2_000;

    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.ReadFile,
        $"Reads a text file in the workspace and returns its lines numbered like '  12| text' (the prefix is not part of the file). "
        + $"One call returns at most {MaxLines} lines or {MaxChars / 1000} KB; when there is more, the reply ends by saying which startLine to pass next. "
        + "Line numbers match those in compiler errors and stack traces, so read around a reported line rather than the whole file, "
        + "e.g. {\"path\": \"src/App/Calculator.cs\", \"startLine\": 30, \"endLine\": 80}. "
        + "Values of secret-looking keys in appsettings*.json are shown as ***; .env, certificate and key files, and anything in .git, cannot be read.",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "File path relative to the workspace root, with '/' separators, e.g. 'src/App/Calculator.cs'." },
            "startLine": { "type": "integer", "description": "First line to return, 1-based. Default 1." },
            "endLine": { "type": "integer", "description": "Last line to return, inclusive. Default startLine + 399." }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """);

    public Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = arguments.RequiredString("path");
        var start = arguments.OptionalInt("startLine") ?? 1;
        var requestedEnd = arguments.OptionalInt("endLine");
        if (start < 1)
        {
            throw new ToolInputException($"read_file: startLine must be 1 or more, but was {start}.");
        }

        if (requestedEnd is { } e && e < start)
        {
            throw new ToolInputException($"read_file: endLine ({e}) is before startLine ({start}); pass endLine >= startLine, or omit it.");
        }

        var (full, relative) = ToolPath.ForRead(context, path).RequireFile(
            whenFolder: folder => $"'{folder}' is a folder; call list_files with {{\"path\": \"{folder}\"}} to see what is in it.",
            whenMissing: file => $"There is no file '{file}'; call list_files on its folder or search_code to find the right path.");

        if (new FileInfo(full).Length > WorkspaceFiles.MaxTextBytes || WorkspaceFiles.LooksBinary(full))
        {
            return Task.FromResult(ToolResult.Error($"'{relative}' is binary or larger than {WorkspaceFiles.MaxTextBytes / (1024 * 1024)} MB, so it cannot be shown as text; use search_code to look for specific lines."));
        }

        var lines = WorkspaceFiles.SplitLines(WorkspaceFiles.ReadForModel(full, relative));
        if (lines.Length == 0)
        {
            return Task.FromResult(ToolResult.Ok($"{relative} is empty."));
        }

        if (start > lines.Length)
        {
            throw new ToolInputException($"read_file: '{relative}' has {lines.Length} lines, so startLine {start} is past its end.");
        }

        var end = Math.Min(Math.Min(requestedEnd ?? int.MaxValue, start + MaxLines - 1), lines.Length);
        var width = WorkspaceFiles.NumberWidth(end);
        var body = new StringBuilder();
        var last = start - 1;
        for (var number = start; number <= end; number++)
        {
            var text = lines[number - 1];
            if (text.Length > MaxLineChars)
            {
                text = text[..MaxLineChars] + $" ... [{text.Length - MaxLineChars} more characters on this line]";
            }

            if (number > start && body.Length + text.Length > MaxChars)
            {
                break;
            }

            body.Append(WorkspaceFiles.Numbered(number, text, width)).Append('\n');
            last = number;
        }

        var header = $"{relative} (lines {start}-{last} of {lines.Length}):\n";
        var wanted = Math.Min(requestedEnd ?? lines.Length, lines.Length);
        var footer = last < wanted
            ? $"... {wanted - last} more line{(wanted - last == 1 ? string.Empty : "s")} not shown; call read_file with {{\"path\": \"{relative}\", \"startLine\": {last + 1}}} to continue.\n"
            : string.Empty;
        return Task.FromResult(ToolResult.Ok(header + body + footer));
    }
}
