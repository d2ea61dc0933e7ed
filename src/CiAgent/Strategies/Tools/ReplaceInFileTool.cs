using System.Text;
using CiAgent.Context;
using CiAgent.Workspace;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>replace_in_file: swaps one exact, unique piece of text, keeping the file's encoding, byte-order mark and line endings.</summary>
internal sealed class ReplaceInFileTool(AgentToolContext context) : IAgentTool
{
    private const int ContextLines = 2;

    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.ReplaceInFile,
        "Replaces one exact piece of text in an existing file with new text. oldText must occur exactly once: copy it from read_file output without the line-number prefixes, "
        + "keeping indentation, and include enough neighbouring lines to make it unique. Line endings in oldText and newText do not matter (they become the file's own), "
        + "and the file keeps its encoding and byte-order mark. If oldText is not found, the reply shows the most similar lines with their numbers; "
        + "if it occurs more than once, the reply says on which lines. For .cs files, syntax errors the edit introduced are reported in the reply at once. "
        + "Example: {\"path\": \"src/App/Calculator.cs\", \"oldText\": \"        return a - b;\", \"newText\": \"        return a + b;\"}. To delete text, pass an empty newText. "
        + "Files the workspace policy protects (test files unless this run allows test edits, generated code, .github/, global.json, PublicAPI.*.txt) are refused with the reason.",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Existing file relative to the workspace root, e.g. 'src/App/Calculator.cs'." },
            "oldText": { "type": "string", "description": "The exact text to replace, occurring exactly once in the file; whole lines are best." },
            "newText": { "type": "string", "description": "The text to put in its place; may be empty to delete oldText." }
          },
          "required": ["path", "oldText", "newText"],
          "additionalProperties": false
        }
        """);

    public async Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = arguments.RequiredString("path");
        var oldText = arguments.RequiredString("oldText");
        var newText = arguments.RequiredString("newText");
        if (oldText.Length == 0)
        {
            throw new ToolInputException("replace_in_file: oldText is empty; pass the exact text to replace, or use write_file to create a file.");
        }

        var (full, relative) = ToolPath.ForWrite(context, path)
            .RequireFile(
                whenFolder: folder => $"'{folder}' is a folder; pass the path of a file in it.",
                whenMissing: file => $"There is no file '{file}'; check the path with list_files, or create the file with write_file.")
            .RequireText(file => $"'{file}' is a binary file and cannot be edited as text.");

        var file = TextFile.Read(full);
        var text = file.Text;
        var wanted = TextFile.NormalizeNewLines(oldText, file.NewLine);
        var positions = Occurrences(text, wanted);
        if (positions.Count == 0)
        {
            return ToolResult.Error(NotFound(relative, text, oldText));
        }

        if (positions.Count > 1)
        {
            var lines = positions.Take(20).Select(p => LineOf(text, p).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return ToolResult.Error(
                $"oldText occurs {positions.Count} times in '{relative}' (at lines {string.Join(", ", lines)}{(positions.Count > 20 ? ", ..." : string.Empty)}); "
                + "include more of the surrounding lines in oldText so that it matches exactly one place.");
        }

        var start = positions[0];
        var replacement = TextFile.NormalizeNewLines(newText, file.NewLine);
        var edited = string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(start + wanted.Length));
        if (context.EditCheck is { } check && await check(full, edited, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return ToolResult.Error(refusal);
        }

        file.WithText(edited).Save();
        context.FileWritten(full);

        var reply = new StringBuilder($"Replaced 1 occurrence in {relative}. ");
        reply.Append(Excerpt(edited, start, replacement.Length));
        if (SyntaxCheck.Applies(full))
        {
            var errors = SyntaxCheck.NewErrors(text, edited, start, wanted.Length, replacement.Length);
            if (errors.Count > 0)
            {
                reply.Append(SyntaxCheck.Describe(relative, errors)).Append('\n');
            }
        }

        return new ToolResult(reply.ToString(), false) { EditedPath = full };
    }

    private static List<int> Occurrences(string text, string wanted)
    {
        var positions = new List<int>();
        for (var at = text.IndexOf(wanted, StringComparison.Ordinal); at >= 0; at = text.IndexOf(wanted, at + 1, StringComparison.Ordinal))
        {
            positions.Add(at);
        }

        return positions;
    }

    private static int LineOf(string text, int position)
    {
        var line = 1;
        for (var i = 0; i < position; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
            }
        }

        return line;
    }

    // Showing the result lets the model confirm the edit without spending a read_file call.
    private static string Excerpt(string text, int start, int length)
    {
        var lines = WorkspaceFiles.SplitLines(text);
        if (lines.Length == 0)
        {
            return "The file is now empty.\n";
        }

        var first = Math.Max(1, LineOf(text, start) - ContextLines);
        var last = Math.Min(lines.Length, LineOf(text, start + length) + ContextLines);
        var width = WorkspaceFiles.NumberWidth(last);
        var excerpt = new StringBuilder($"Lines {first}-{last} now read:\n");
        for (var number = first; number <= last; number++)
        {
            excerpt.Append(WorkspaceFiles.Numbered(number, lines[number - 1], width)).Append('\n');
        }

        return excerpt.ToString();
    }

    private static string NotFound(string relative, string text, string oldText)
    {
        var fileLines = WorkspaceFiles.SplitLines(text);
        var wantedLines = WorkspaceFiles.SplitLines(oldText);
        var nearest = NearestMatch.Find(fileLines, wantedLines);
        if (nearest is not { } match)
        {
            return $"oldText was not found in '{relative}', and no lines there look like it; call read_file to see the file's current text and copy oldText from it exactly.";
        }

        var first = Math.Max(0, match.Start - 1);
        var last = Math.Min(fileLines.Length - 1, match.Start + match.Count);
        var width = WorkspaceFiles.NumberWidth(last + 1);
        var reply = new StringBuilder(
            $"oldText was not found in '{relative}'. The most similar text is at lines {match.Start + 1}-{match.Start + match.Count}; "
            + "copy oldText from these lines exactly (without the number prefixes), including indentation:\n");
        for (var i = first; i <= last; i++)
        {
            reply.Append(WorkspaceFiles.Numbered(i + 1, fileLines[i], width)).Append('\n');
        }

        return reply.ToString();
    }
}
