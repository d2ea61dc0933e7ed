namespace CiAgent.Models;

/// <summary>Per-model token prices, matched by model name with dated suffixes and provider prefixes ignored; immutable.</summary>
public sealed class PriceTable
{
    /// <summary>The price charged for models the table does not know: on the expensive side, so budgets err towards stopping early.</summary>
    public static readonly ModelPrice ConservativeDefault = new(15m, 1.5m, 75m);

    /// <summary>List prices of common OpenAI and Anthropic models at the time of writing.</summary>
    public static PriceTable BuiltIn { get; } = new(
        new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
        {
            ["gpt-4.1"] = new(2.00m, 0.50m, 8.00m),
            ["gpt-4.1-mini"] = new(0.40m, 0.10m, 1.60m),
            ["gpt-4.1-nano"] = new(0.10m, 0.025m, 0.40m),
            ["gpt-4o"] = new(2.50m, 1.25m, 10.00m),
            ["gpt-4o-mini"] = new(0.15m, 0.075m, 0.60m),
            ["o4-mini"] = new(1.10m, 0.275m, 4.40m),
            ["o3"] = new(2.00m, 0.50m, 8.00m),
            ["claude-opus-4"] = new(15.00m, 1.50m, 75.00m),
            ["claude-sonnet-4"] = new(3.00m, 0.30m, 15.00m),
            ["claude-3-7-sonnet"] = new(3.00m, 0.30m, 15.00m),
            ["claude-haiku-4-5"] = new(1.00m, 0.10m, 5.00m),
            ["claude-3-5-haiku"] = new(0.80m, 0.08m, 4.00m),
        },
        ConservativeDefault);

    private readonly IReadOnlyDictionary<string, ModelPrice> _prices;

    private PriceTable(IReadOnlyDictionary<string, ModelPrice> prices, ModelPrice fallback)
    {
        _prices = prices;
        Fallback = fallback;
    }

    /// <summary>The price used for models the table does not know.</summary>
    public ModelPrice Fallback { get; }

    /// <summary>Returns a copy with one model's price set (or replaced); this table is unchanged.</summary>
    public PriceTable WithOverride(string model, ModelPrice price)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(price);
        var prices = new Dictionary<string, ModelPrice>(_prices, StringComparer.OrdinalIgnoreCase) { [model] = price };
        return new PriceTable(prices, Fallback);
    }

    /// <summary>Returns a copy that prices unknown models at <paramref name="fallback"/>; this table is unchanged.</summary>
    public PriceTable WithFallback(ModelPrice fallback) => new(_prices, fallback ?? throw new ArgumentNullException(nameof(fallback)));

    /// <summary>Finds a model's price: exact name first, then the longest known name the model starts with, else the fallback.</summary>
    public ModelPrice PriceOf(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return Fallback;
        }

        // GitHub Models names models "openai/gpt-4.1-mini"; the price depends on the model, not on who serves it.
        var name = model[(model.LastIndexOf('/') + 1)..];
        if (_prices.TryGetValue(name, out var exact))
        {
            return exact;
        }

        // Providers answer with dated names such as gpt-4.1-mini-2025-04-14; the longest prefix keeps gpt-4.1 from swallowing gpt-4.1-mini.
        return _prices
            .Where(entry => name.StartsWith(entry.Key + "-", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(entry => entry.Key.Length)
            .Select(entry => entry.Value)
            .FirstOrDefault() ?? Fallback;
    }
}
