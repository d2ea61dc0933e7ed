using System.Text;
using CiAgent.Context;
using CiAgent.Workspace;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>write_file: creates a file, or replaces the whole text of one the jail lets the model change.</summary>
internal sealed class WriteFileTool(AgentToolContext context) : IAgentTool
{
    /// <summary>Largest content accepted, in characters.</summary>
    public const int MaxContentChars = 1024 * 1024;

    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.WriteFile,
        "Creates a file with the given content, or replaces the whole content of an existing file. For changes to an existing file prefer replace_in_file, "
        + "which cannot drop code by accident and shows the changed lines. Missing folders are created; an existing file keeps its encoding, byte-order mark and line endings, "
        + "and a new file takes the line endings of the files next to it. For .cs files, syntax errors in the written content are reported in the reply at once. "
        + $"Content is limited to {MaxContentChars / 1024} KB. Example: {{\"path\": \"src/App/Rounding.cs\", \"content\": \"namespace App;\\n\\ninternal static class Rounding\\n{{\\n}}\\n\"}}. "
        + "Files the workspace policy protects (test files unless this run allows test edits, generated code, .github/, global.json, PublicAPI.*.txt) are refused with the reason.",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "File relative to the workspace root, e.g. 'src/App/Rounding.cs'." },
            "content": { "type": "string", "description": "The complete text of the file." }
          },
          "required": ["path", "content"],
          "additionalProperties": false
        }
        """);

    public async Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = arguments.RequiredString("path");
        var content = arguments.RequiredString("content");
        if (content.Length > MaxContentChars)
        {
            throw new ToolInputException($"write_file: content is {content.Length} characters, over the limit of {MaxContentChars}; write less, or edit the existing file with replace_in_file.");
        }

        var target = ToolPath.ForWrite(context, path)
            .RefuseFolder(folder => $"'{folder}' is a folder; pass the path of a file, such as '{folder}/NewFile.cs'.")
            .RequireText(file => $"'{file}' is a binary file and cannot be overwritten with text.");
        var (full, relative) = target;
        var existed = target.IsFile;

        var before = existed ? TextFile.Read(full) : TextFile.New(full, NeighbourNewLine(full));
        var after = before.WithNormalizedText(content);
        if (context.EditCheck is { } check && await check(full, after.Text, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return ToolResult.Error(refusal);
        }

        after.Save();
        context.FileWritten(full);

        var lineCount = WorkspaceFiles.SplitLines(after.Text).Length;
        var reply = new StringBuilder($"{(existed ? "Overwrote" : "Created")} {relative} ({lineCount} line{(lineCount == 1 ? string.Empty : "s")}).\n");
        if (SyntaxCheck.Applies(full))
        {
            var errors = SyntaxCheck.NewErrors(existed ? before.Text : null, after.Text);
            if (errors.Count > 0)
            {
                reply.Append(SyntaxCheck.Describe(relative, errors)).Append('\n');
            }
        }

        return new ToolResult(reply.ToString(), false) { EditedPath = full };
    }

    // A repository that uses CRLF should not gain one LF file just because the model wrote it.
    private static string NeighbourNewLine(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath);
        if (folder is null || !Directory.Exists(folder))
        {
            return "\n";
        }

        var extension = Path.GetExtension(fullPath);
        var neighbour = WorkspaceFiles.Children(folder)
            .OfType<FileInfo>()
            .Where(f => !WorkspaceFiles.IsLink(f) && f.Length < WorkspaceFiles.MaxTextBytes)
            .OrderByDescending(f => string.Equals(f.Extension, extension, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault();
        try
        {
            return neighbour is null || WorkspaceFiles.LooksBinary(neighbour.FullName) ? "\n" : TextFile.Read(neighbour.FullName).NewLine;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "\n";
        }
    }
}
