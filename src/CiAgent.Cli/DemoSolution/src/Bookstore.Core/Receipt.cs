namespace Bookstore.Core;

/// <summary>What the customer pays.</summary>
public sealed record Receipt(IReadOnlyList<CartLine> Lines, decimal Subtotal)
{
    /// <summary>Sales tax in percent.</summary>
    public const decimal TaxPercent = 8m;

    /// <summary>The tax on the subtotal, rounded to cents.</summary>
    public decimal Tax => Math.Round(Subtotal * TaxPercent / 100m, 2);

    /// <summary>What the customer pays.</summary>
    public decimal Total => Subtotal + Tax;
}
