namespace Bookstore.Core;

/// <summary>A customer's cart: books, quantities and a discount.</summary>
public sealed class Cart
{
    private readonly List<CartLine> _lines = [];

    /// <summary>The discount in percent applied at checkout.</summary>
    public decimal DiscountPercent { get; set; }

    /// <summary>The lines in the order they were added.</summary>
    public IReadOnlyList<CartLine> Lines => _lines;

    /// <summary>Adds a quantity of a book.</summary>
    public void Add(Book book, int quantity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        _lines.Add(new CartLine(book, quantity));
    }

    /// <summary>Produces the receipt for the cart's current contents.</summary>
    public Receipt Checkout()
    {
        var subtotal = _lines.Sum(line => line.Amount);
        return new Receipt(_lines.ToList(), subtotal.ApplyDiscount(DiscountPercent));
    }
}
