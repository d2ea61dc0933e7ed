using System.Text.Json;
using System.Text.Json.Nodes;

namespace CiAgent.Tests.Fakes;

/// <summary>Compares JSON documents by meaning: whitespace and key order aside, and JSON held in strings (tool-call arguments) compared the same way.</summary>
public static class JsonAssert
{
    /// <summary>Asserts that <paramref name="actual"/> means the same as <paramref name="expected"/>, showing both in one canonical form when not.</summary>
    public static void Equivalent(string expected, string actual) =>
        Assert.Equal(Canonical(JsonNode.Parse(expected)), Canonical(JsonNode.Parse(actual)));

    /// <summary>Asserts that <paramref name="actual"/> means the same as <paramref name="expected"/>.</summary>
    public static void Equivalent(string expected, JsonElement actual) => Equivalent(expected, actual.GetRawText());

    private static string Canonical(JsonNode? node) => Normalize(node)?.ToJsonString() ?? "null";

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => KeyValuePair.Create(pair.Key, Normalize(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Normalize)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && TryParseObject(value.GetValue<string>()) is { } nested => JsonValue.Create(Canonical(nested)),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    // Tool-call arguments travel as a JSON document inside a string; its spacing is the serializer's choice, not part of the contract.
    private static JsonNode? TryParseObject(string text)
    {
        if (!text.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
