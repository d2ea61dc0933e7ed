namespace Bookstore.Core;

/// <summary>A quantity of one book in a cart.</summary>
public sealed record CartLine(Book Book, int Quantity)
{
    /// <summary>The line's price before discounts.</summary>
    public decimal Amount => Book.Price * Quantity;
}
