using Bookstore.Core;

namespace Bookstore.Tests;

public class CartTests
{
    private static readonly Book Architecture = new("978-0134494166", "Clean Architecture", 34.99m);
    private static readonly Book Depth = new("978-1617294532", "C# in Depth", 49.99m);

    [Fact]
    public void Checkout_adds_up_every_line()
    {
        var cart = new Cart();
        cart.Add(Architecture);
        cart.Add(Depth, quantity: 2);

        Assert.Equal(134.97m, cart.Checkout().Subtotal);
    }

    [Fact]
    public void Checkout_applies_the_discount_to_the_subtotal()
    {
        var cart = new Cart { DiscountPercent = 10m };
        cart.Add(Depth, quantity: 2);

        Assert.Equal(89.98m, cart.Checkout().Subtotal);
    }

    [Fact]
    public void Tax_is_added_to_the_total()
    {
        var cart = new Cart();
        cart.Add(Architecture);

        var receipt = cart.Checkout();

        Assert.Equal(2.80m, receipt.Tax);
        Assert.Equal(37.79m, receipt.Total);
    }

    [Fact]
    public void The_printed_receipt_ends_with_the_total()
    {
        var cart = new Cart();
        cart.Add(Architecture);

        var printed = ReceiptPrinter.Print(cart.Checkout());

        Assert.EndsWith("Total" + new string(' ', 25) + "     37.79" + Environment.NewLine, printed);
    }
}
