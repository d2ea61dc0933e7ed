using System.Text;
using System.Text.RegularExpressions;
using CiAgent.Context;
using CiAgent.Security;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>search_code: regular-expression hits across text files, as "path:line: text".</summary>
internal sealed class SearchCodeTool(AgentToolContext context) : IAgentTool
{
    /// <summary>Most hits returned by one call.</summary>
    public const int MaxHits = 100;

    // A pathological pattern must fail one call, not hang the whole run.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private const int MaxShownChars = 240;

    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.SearchCode,
        "Searches the text files of the workspace, line by line, for a .NET regular expression and returns each hit as 'path:line: text'. "
        + "Matching is case-sensitive unless the pattern starts with (?i); escape regex characters to search literally, e.g. {\"pattern\": \"GetTotal\\\\(\"} finds calls of GetTotal, "
        + "and {\"pattern\": \"class \\\\w+Repository\", \"path\": \"src\"} finds repository classes under src. "
        + "path limits the search to a folder or one file (default: the whole workspace). bin/, obj/, .git/, node_modules/, symbolic links, binary files and files that may hold secrets are skipped. "
        + $"At most {MaxHits} hits are returned, followed by how many more there were; narrow the pattern or path to see those. "
        + "To find where a type or member is declared, find_symbol is faster and more exact.",
        """
        {
          "type": "object",
          "properties": {
            "pattern": { "type": "string", "description": ".NET regular expression matched against each line, e.g. 'TODO|FIXME' or '(?i)connectionstring'." },
            "path": { "type": "string", "description": "Folder or file relative to the workspace root to search in. Default: the whole workspace." }
          },
          "required": ["pattern"],
          "additionalProperties": false
        }
        """);

    public Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var pattern = arguments.RequiredString("pattern");
        if (pattern.Length == 0)
        {
            throw new ToolInputException("search_code: pattern is empty; pass the text or regular expression to look for.");
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ToolInputException($"search_code: '{pattern}' is not a valid .NET regular expression ({ex.Message}); escape ( ) [ ] {{ }} . * + ? | \\ with a backslash to match them literally.");
        }

        var (full, scope) = ToolPath.ForRead(context, arguments.OptionalString("path") ?? ".");
        IEnumerable<string> files;
        if (File.Exists(full))
        {
            files = [full];
        }
        else if (Directory.Exists(full))
        {
            files = WorkspaceFiles.EnumerateFiles(full, cancellationToken);
        }
        else
        {
            return Task.FromResult(ToolResult.Error($"There is no file or folder '{scope}'; omit path to search the whole workspace."));
        }

        var hits = new StringBuilder();
        var shown = 0;
        var total = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = context.Jail.ToRelative(file);
            if (SecretFileFilter.IsWithheld(relative) || new FileInfo(file).Length > WorkspaceFiles.MaxTextBytes || WorkspaceFiles.LooksBinary(file))
            {
                continue;
            }

            var lines = WorkspaceFiles.SplitLines(WorkspaceFiles.ReadForModel(file, relative));
            for (var i = 0; i < lines.Length; i++)
            {
                bool matched;
                try
                {
                    matched = regex.IsMatch(lines[i]);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new ToolInputException($"search_code: the pattern took longer than {MatchTimeout.TotalSeconds:0} second on a line of '{relative}'; simplify it (avoid nested quantifiers such as (a+)+).");
                }

                if (!matched)
                {
                    continue;
                }

                total++;
                if (shown < MaxHits)
                {
                    var text = lines[i].Trim();
                    text = text.Length > MaxShownChars ? text[..MaxShownChars] + " ..." : text;
                    hits.Append($"{relative}:{i + 1}: {text}\n");
                    shown++;
                }
            }
        }

        if (total == 0)
        {
            return Task.FromResult(ToolResult.Ok($"No matches for '{pattern}' in {(scope == "." ? "the workspace" : scope)}."));
        }

        if (total > shown)
        {
            hits.Append($"... {total - shown} more matches not shown ({total} in all); narrow the pattern or pass a path to see them.\n");
        }

        return Task.FromResult(ToolResult.Ok(hits.ToString()));
    }
}
