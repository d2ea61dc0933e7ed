using Bookstore.Core;

var cart = new Cart { DiscountPercent = 10m };
cart.Add(new Book("978-0134494166", "Clean Architecture", 34.99m));
cart.Add(new Book("978-1617294532", "C# in Depth", 49.99m), quantity: 2);

var receipt = cart.Checkout();
Console.Write(ReceiptPrinter.Print(receipt));
Console.WriteLine($"Please pay {receipt.Totl:0.00}")
