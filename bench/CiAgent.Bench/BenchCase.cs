using System.Text.Json;
using System.Text.Json.Serialization;

namespace CiAgent.Bench;

/// <summary>One exact find/replace on a file of a fixture, relative to the fixture's root.</summary>
/// <param name="File">The file, relative to the fixture root, with forward slashes.</param>
/// <param name="Find">Text that must occur exactly once in the file.</param>
/// <param name="Replace">What replaces it.</param>
public sealed record TextEdit(string File, string Find, string Replace)
{
    /// <summary>Applies the edit to the text, or throws when the text to find is absent or ambiguous.</summary>
    public string ApplyTo(string text)
    {
        var first = text.IndexOf(Find, StringComparison.Ordinal);
        if (first < 0)
        {
            throw new InvalidOperationException($"'{Abbreviate(Find)}' does not occur in {File}.");
        }

        if (text.IndexOf(Find, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"'{Abbreviate(Find)}' occurs more than once in {File}.");
        }

        return string.Concat(text.AsSpan(0, first), Replace, text.AsSpan(first + Find.Length));
    }

    /// <summary>The same edit undone.</summary>
    public TextEdit Reversed() => new(File, Replace, Find);

    private static string Abbreviate(string text) => text.Length <= 60 ? text : text[..60] + "…";
}

/// <summary>A benchmark case: a small mutation of a green fixture, what the run should end as, and the true fix.</summary>
public sealed record BenchCase
{
    /// <summary>A short unique id, such as "ledger-using-bcl".</summary>
    public required string Id { get; init; }

    /// <summary>The fixture folder under bench/fixtures.</summary>
    public required string Fixture { get; init; }

    /// <summary>The kind of breakage, such as "missing-using".</summary>
    public required string Category { get; init; }

    /// <summary>What the mutation does, in one sentence.</summary>
    public required string Description { get; init; }

    /// <summary>The expected outcome: healed-offline, healed-model, flaky or already-green.</summary>
    public required string Expected { get; init; }

    /// <summary>The edits that break the green fixture.</summary>
    public required IReadOnlyList<TextEdit> Mutation { get; init; }

    /// <summary>The true fix as declared; when absent, the mutation undone.</summary>
    [JsonPropertyName("fix")]
    public IReadOnlyList<TextEdit>? DeclaredFix { get; init; }

    /// <summary>Whether the true fix gives back the original text exactly (false when it fixes forward, e.g. by implementing a new member).</summary>
    public bool Restores { get; init; } = true;

    /// <summary>The edits a correct fix makes to the mutated workspace.</summary>
    [JsonIgnore]
    public IReadOnlyList<TextEdit> TrueFix => DeclaredFix ?? [.. Mutation.Reverse().Select(edit => edit.Reversed())];

    /// <summary>True when the case needs the model tier, so the run gets the oracle as its provider.</summary>
    [JsonIgnore]
    public bool NeedsModel => Expected == Outcomes.HealedModel;

    /// <summary>The lines the true fix changes, trimmed: what a first prompt must show for the fix to be found without searching.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> LinesToShow =>
        [.. TrueFix.SelectMany(edit => edit.Find.Split('\n')).Select(line => line.Trim()).Where(line => line.Length > 0).Distinct(StringComparer.Ordinal)];
}

/// <summary>The outcome names shared by the manifest and the results.</summary>
public static class Outcomes
{
    /// <summary>Healed with offline fixes only.</summary>
    public const string HealedOffline = "healed-offline";

    /// <summary>Healed with at least one fix from the model tier.</summary>
    public const string HealedModel = "healed-model";

    /// <summary>Only flaky failures; nothing changed.</summary>
    public const string Flaky = "flaky";

    /// <summary>Nothing to heal.</summary>
    public const string AlreadyGreen = "already-green";

    /// <summary>Every expected outcome a manifest may declare.</summary>
    public static IReadOnlySet<string> Expectable { get; } = new HashSet<string>([HealedOffline, HealedModel, Flaky, AlreadyGreen], StringComparer.Ordinal);
}

/// <summary>The manifest of cases, bench/cases.json.</summary>
public sealed record Corpus(IReadOnlyList<BenchCase> Cases)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the manifest from a file.</summary>
    public static Corpus Load(string path) =>
        JsonSerializer.Deserialize<Corpus>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>The cases with the given ids, in manifest order; every id must exist.</summary>
    public IReadOnlyList<BenchCase> Select(IReadOnlyCollection<string>? ids)
    {
        if (ids is null || ids.Count == 0)
        {
            return Cases;
        }

        var unknown = ids.Where(id => Cases.All(c => c.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown case id(s): {string.Join(", ", unknown)}.");
        }

        return [.. Cases.Where(c => ids.Contains(c.Id))];
    }
}
