using System.Text;
using CiAgent.Context;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>find_symbol: where types and members with a given name are declared, from syntax alone so it works while the build is broken.</summary>
internal sealed class FindSymbolTool(AgentToolContext context) : IAgentTool
{
    /// <summary>Most declarations returned by one call.</summary>
    public const int MaxResults = 50;

    // Larger .cs files are generated tables, not code the model needs to navigate.
    private const long MaxFileBytes = 1024 * 1024;

    public AIFunctionDeclaration Declaration { get; } = ToolSchema.Declare(
        AgentToolNames.FindSymbol,
        "Finds where C# types and members with a given name are declared, by parsing every .cs file in the workspace (no build needed, so it works while the build is broken). "
        + "Each result is 'path:line: signature (in containing type)', where the signature shows modifiers, return type, name and parameters, and for types their kind and base list. "
        + "name is the exact, case-sensitive simple name, e.g. {\"name\": \"Calculator\"} for a type, or {\"name\": \"Add\"} for every method, property, field or overload called Add; "
        + "qualify a member with its type to narrow it, e.g. {\"name\": \"Calculator.Add\"}. When nothing matches exactly, names that differ only in case are listed instead. "
        + $"At most {MaxResults} declarations are returned. To find uses rather than declarations, use search_code.",
        """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "Simple name of a type or member, e.g. 'OrderService' or 'CalculateTotal', or Type.Member such as 'OrderService.CalculateTotal'." }
          },
          "required": ["name"],
          "additionalProperties": false
        }
        """);

    public Task<ToolResult> InvokeAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var query = arguments.RequiredString("name").Trim();
        var dot = query.LastIndexOf('.');
        var name = dot >= 0 ? query[(dot + 1)..] : query;
        var container = dot >= 0 ? query[..dot].Split('.')[^1] : null;
        if (name.Length == 0 || !SyntaxFacts.IsValidIdentifier(name))
        {
            throw new ToolInputException($"find_symbol: '{query}' is not a C# name; pass a simple name such as 'Calculator' or 'Add', or Type.Member such as 'Calculator.Add'.");
        }

        var exact = new List<string>();
        var inexact = new List<string>();
        var exactTotal = 0;
        foreach (var file in WorkspaceFiles.EnumerateFiles(context.Root, cancellationToken))
        {
            if (!file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || new FileInfo(file).Length > MaxFileBytes)
            {
                continue;
            }

            var text = File.ReadAllText(file);

            // Parsing is the cost; a file that never mentions the name cannot declare it.
            if (!text.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var relative = context.Jail.ToRelative(file);
            var root = CSharpSyntaxTree.ParseText(text, cancellationToken: cancellationToken).GetRoot(cancellationToken);
            foreach (var node in root.DescendantNodes().Where(n => n is MemberDeclarationSyntax or EnumMemberDeclarationSyntax))
            {
                foreach (var declared in SymbolSignature.NamesOf(node))
                {
                    if (!declared.Equals(name, StringComparison.OrdinalIgnoreCase) || (container is not null && !IsIn(node, container)))
                    {
                        continue;
                    }

                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    var owner = SymbolSignature.ContainerOf(node);
                    var hit = $"{relative}:{line}: {SymbolSignature.Of(node, declared)}{(owner.Length > 0 ? $"  ({owner})" : string.Empty)}";
                    if (declared == name)
                    {
                        exactTotal++;
                        if (exact.Count < MaxResults)
                        {
                            exact.Add(hit);
                        }
                    }
                    else if (inexact.Count < MaxResults)
                    {
                        inexact.Add(hit);
                    }
                }
            }
        }

        var reply = new StringBuilder();
        if (exact.Count > 0)
        {
            reply.AppendJoin('\n', exact).Append('\n');
            if (exactTotal > exact.Count)
            {
                reply.Append($"... {exactTotal - exact.Count} more declarations not shown; qualify the name with its type, e.g. 'Type.{name}'.\n");
            }
        }
        else if (inexact.Count > 0)
        {
            reply.Append($"No declaration is named exactly '{query}'; these differ only in case:\n").AppendJoin('\n', inexact).Append('\n');
        }
        else
        {
            reply.Append($"No type or member named '{query}' is declared in the workspace's .cs files; it may come from a package or generated code, so try search_code for its uses.");
        }

        return Task.FromResult(ToolResult.Ok(reply.ToString()));
    }

    private static bool IsIn(SyntaxNode node, string container) =>
        node.Parent?.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText == container;
}
