using System.Globalization;
using System.Text.Json;
using CiAgent.Kernel;

namespace CiAgent.Strategies.Tools;

/// <summary>The arguments of one call, checked against the tool's schema; values may be JsonElements (from a model response) or CLR values (from tests or other callers).</summary>
internal sealed class ToolArguments
{
    private readonly ToolSchema _schema;
    private readonly Dictionary<string, object?> _values;

    private ToolArguments(ToolSchema schema, Dictionary<string, object?> values)
    {
        _schema = schema;
        _values = values;
    }

    /// <summary>Checks names against the schema: an unknown name or a missing required one is reported rather than silently ignored, because a misspelt "start_line" would otherwise read the wrong lines.</summary>
    public static ToolArguments Bind(ToolSchema schema, IDictionary<string, object?>? arguments)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in arguments ?? new Dictionary<string, object?>())
        {
            if (!schema.Parameters.Any(p => p.Name == name))
            {
                var known = schema.Parameters.Count == 0 ? "it takes no arguments" : $"its arguments are {string.Join(", ", schema.Parameters.Select(p => p.Name))}";
                throw new ToolInputException($"{schema.ToolName} has no argument '{name}'; {known}.");
            }

            if (!IsNull(value))
            {
                values[name] = value;
            }
        }

        var missing = schema.Required.Where(name => !values.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new ToolInputException($"{schema.ToolName} needs the argument{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)}.");
        }

        return new ToolArguments(schema, values);
    }

    /// <summary>All the arguments as one JSON object, for tools whose arguments are the result (submit_plan, submit_review).</summary>
    public string ToJson() => JsonSerializer.Serialize(_values);

    /// <summary>A string argument that must be present.</summary>
    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ToolInputException($"{_schema.ToolName} needs the argument {name}.");

    /// <summary>A string argument, or null when absent.</summary>
    public string? OptionalString(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        return value switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => throw IllTyped(name, "a string", value),
        };
    }

    /// <summary>A whole-number argument, or null when absent; numeric strings such as "12" are accepted because models often quote numbers.</summary>
    public int? OptionalInt(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        return value switch
        {
            int number => number,
            long number when number is >= int.MinValue and <= int.MaxValue => (int)number,
            short or byte or sbyte or ushort => Convert.ToInt32(value, CultureInfo.InvariantCulture),
            double number when number == Math.Floor(number) && Math.Abs(number) <= int.MaxValue => (int)number,
            decimal number when number == decimal.Floor(number) && Math.Abs(number) <= int.MaxValue => (int)number,
            string text when int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.Number } element when element.TryGetInt32(out var parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.String } element when int.TryParse(element.GetString()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw IllTyped(name, "a whole number", value),
        };
    }

    private ToolInputException IllTyped(string name, string expected, object? value) =>
        new($"{_schema.ToolName}: {name} must be {expected}, but was {Describe(value)}.");

    private static string Describe(object? value) => value switch
    {
        JsonElement element => $"{element.ValueKind.ToString().ToLowerInvariant()} {TextShape.Cap(element.GetRawText(), 60)}",
        string text => $"string {TextShape.Cap(JsonSerializer.Serialize(text), 60)}",
        _ => $"{value?.GetType().Name} {TextShape.Cap(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, 60)}",
    };


    private static bool IsNull(object? value) => value is null || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined };
}
