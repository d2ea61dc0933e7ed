namespace Bookstore.Core.Pricing;

/// <summary>Money arithmetic the shop uses everywhere.</summary>
public static class DecimalPricing
{
    /// <summary>Takes a percentage off an amount, rounded to cents.</summary>
    public static decimal ApplyDiscount(this decimal amount, decimal percent) =>
        Math.Round(amount * (100m - percent) / 100m, 2, MidpointRounding.ToEven);
}
