using System.Text;
using CiAgent.Context;
using CiAgent.Security;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>list_files: the files and folders under a folder, breadth first, so the top of the tree shows even when the listing is cut.</summary>
internal sealed class ListFilesTool(AgentToolContext context) : IAgentTool
{
    /// <summary>Most entries returned by one call.</summary>
    public const int MaxEntries = 300;

    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.ListFiles,
        "Lists the files and folders under a workspace folder, recursively and breadth first; folders end with '/', and every entry is a path "
        + "relative to the workspace root, ready to pass to read_file. bin/, obj/, .git/ and node_modules/ are skipped, symbolic links are marked '-> link' and not entered, "
        + $"and files that may hold secrets are marked '(withheld)'. At most {MaxEntries} entries are returned; when there are more, the reply says so, so list a subfolder instead. "
        + "Omit path for the workspace root, e.g. {} or {\"path\": \"src/App\"}.",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Folder relative to the workspace root, e.g. 'src/App'. Default: the workspace root." }
          },
          "additionalProperties": false
        }
        """);

    public Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = arguments.OptionalString("path") ?? ".";
        var (full, shown) = ToolPath.ForRead(context, path).RequireFolder(
            whenFile: file => $"'{file}' is a file, not a folder; call read_file with {{\"path\": \"{file}\"}} to read it.",
            whenMissing: folder => $"There is no folder '{folder}'; call list_files without a path to see the workspace root.");

        var entries = new List<string>();
        var more = 0;
        var pending = new Queue<string>();
        pending.Enqueue(full);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in WorkspaceFiles.Children(pending.Dequeue()))
            {
                if (entries.Count >= MaxEntries)
                {
                    more++;
                    continue;
                }

                var relative = context.Jail.ToRelative(entry.FullName);
                if (WorkspaceFiles.IsLink(entry))
                {
                    entries.Add($"{relative} -> link");
                }
                else if (entry is DirectoryInfo)
                {
                    entries.Add(relative + "/");
                    pending.Enqueue(entry.FullName);
                }
                else
                {
                    entries.Add(SecretFileFilter.IsWithheld(relative) ? $"{relative} (withheld)" : relative);
                }
            }
        }

        var text = new StringBuilder();
        text.Append(shown == "." ? "Workspace root" : shown + "/").Append($" ({entries.Count + more} entries):\n");
        foreach (var entry in entries)
        {
            text.Append(entry).Append('\n');
        }

        if (more > 0)
        {
            text.Append($"... {more} more entries not shown; call list_files on one of the folders above to see them.\n");
        }
        else if (entries.Count == 0)
        {
            text.Append("(empty)\n");
        }

        return Task.FromResult(ToolResult.Ok(text.ToString()));
    }
}
