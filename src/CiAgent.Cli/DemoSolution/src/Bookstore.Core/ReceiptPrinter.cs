using System.Globalization;

namespace Bookstore.Core;

/// <summary>Renders receipts as plain text for the till printer.</summary>
public static class ReceiptPrinter
{
    /// <summary>The receipt as lines of text, amounts right-aligned.</summary>
    public static string Print(Receipt receipt)
    {
        var text = new StringBuilder();
        foreach (var line in receipt.Lines)
        {
            text.AppendLine(Row($"{line.Quantity} x {line.Book.Title}", line.Amount));
        }

        text.AppendLine(Row("Subtotal", receipt.Subtotal));
        text.AppendLine(Row("Tax", receipt.Tax));
        text.AppendLine(Row("Total", receipt.Total));
        return text.ToString();
    }

    private static string Row(string label, decimal amount) =>
        $"{label,-30}{amount.ToString("0.00", CultureInfo.InvariantCulture),10}";
}
