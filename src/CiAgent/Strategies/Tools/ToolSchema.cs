using System.Text.Json;
using Microsoft.Extensions.AI;

namespace CiAgent.Strategies.Tools;

/// <summary>A tool's parameters as read back from its JSON schema, so checking arguments and explaining usage cannot drift from what the model was shown.</summary>
internal sealed class ToolSchema
{
    private ToolSchema(string toolName, IReadOnlyList<(string Name, string Type)> parameters, IReadOnlySet<string> required)
    {
        ToolName = toolName;
        Parameters = parameters;
        Required = required;
    }

    /// <summary>The tool's name.</summary>
    public string ToolName { get; }

    /// <summary>Parameter names and JSON types in declaration order.</summary>
    public IReadOnlyList<(string Name, string Type)> Parameters { get; }

    /// <summary>Names of the parameters that must be given.</summary>
    public IReadOnlySet<string> Required { get; }

    /// <summary>How to call the tool, such as "read_file(path: string, startLine?: integer)".</summary>
    public string Usage => $"{ToolName}({string.Join(", ", Parameters.Select(p => $"{p.Name}{(Required.Contains(p.Name) ? string.Empty : "?")}: {p.Type}"))})";

    /// <summary>Creates a declaration from a schema written as JSON text.</summary>
    public static AIFunctionDeclaration Declare(string name, string description, string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        return AIFunctionFactory.CreateDeclaration(name, description, document.RootElement.Clone());
    }

    /// <summary>Reads the parameters of <paramref name="declaration"/>.</summary>
    public static ToolSchema Of(AIFunctionDeclaration declaration)
    {
        var schema = declaration.JsonSchema;
        var parameters = new List<(string, string)>();
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var type = property.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "any";
                parameters.Add((property.Name, type));
            }
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                required.Add(item.GetString()!);
            }
        }

        return new ToolSchema(declaration.Name, parameters, required);
    }
}
