using CiAgent.Strategies.Offline;

namespace CiAgent.Tests.Strategies;

public sealed class RenamedMemberFixerTests
{
    private static readonly RenamedMemberFixer Fixer = new();

    private const string Order = """
        namespace Shop;

        public class Order
        {
            public decimal Total { get; set; }
            public string CustomerName { get; set; } = "";
            public decimal GetTotal() => Total;
            public decimal GetTotal(decimal discount) => Total - discount;
            public void Add(int quantity) { }
            public static decimal Round(decimal value) => decimal.Round(value, 2);
        }
        """;

    [Fact]
    public void A_renamed_method_is_fixed_at_every_call_site_across_files()
    {
        const string checkout = "namespace Shop;\n\npublic class Checkout\n{\n    public decimal Pay(Order o) => o.GetTotl() + o.GetTotl(1m);\n}\n";
        const string invoice = "namespace Shop;\n\npublic class Invoice\n{\n    public string Line(Order o) => o.GetTotl().ToString();\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Order.cs", Order), ("Checkout.cs", checkout), ("Invoice.cs", invoice));

        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal(2, fix.ChangedDocuments.Count);
        Assert.Equal("Renamed `GetTotl` to `GetTotal` on Order (3 sites)", fix.Description);
        Assert.Equal("CS1061", fix.Code);
        Assert.Equal(5, fix.Line);
        Assert.Contains("o.GetTotal() + o.GetTotal(1m)", outcome.TextOf("Checkout.cs"), StringComparison.Ordinal);
        Assert.Contains("o.GetTotal().ToString()", outcome.TextOf("Invoice.cs"), StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_property_whose_name_differs_only_in_case_is_renamed()
    {
        const string use = "namespace Shop;\n\npublic class Label\n{\n    public string Text(Order o) => o.Customername;\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Order.cs", Order), ("Label.cs", use));

        Assert.Contains("o.CustomerName;", outcome.TextOf("Label.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_property_that_dropped_a_word_is_renamed()
    {
        const string use = "namespace Shop;\n\npublic class Label\n{\n    public decimal Amount(Order o) => o.TotalPrice;\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Order.cs", Order), ("Label.cs", use));

        Assert.Contains("o.Total;", outcome.TextOf("Label.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_renamed_static_method_is_fixed_through_CS0117()
    {
        const string use = "namespace Shop;\n\npublic class Label\n{\n    public decimal Amount(decimal d) => Order.Rund(d);\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Order.cs", Order), ("Label.cs", use));

        Assert.Equal("CS0117", Assert.Single(outcome.Accepted).Code);
        Assert.Contains("Order.Round(d)", outcome.TextOf("Label.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rename_with_two_plausible_candidates_gets_no_fix()
    {
        const string prices = "namespace Shop;\n\npublic class Prices\n{\n    public decimal TotalPrice { get; set; }\n    public decimal TotalTax { get; set; }\n}\n";
        const string use = "namespace Shop;\n\npublic class Label\n{\n    public decimal Amount(Prices p) => p.Total;\n}\n";
        var compilation = InMemoryProject.Compile(("Prices.cs", prices), ("Label.cs", use));

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
    }

    [Fact]
    public void An_unrelated_name_gets_no_fix()
    {
        const string use = "namespace Shop;\n\npublic class Label\n{\n    public decimal Amount(Order o) => o.Discount;\n}\n";
        var compilation = InMemoryProject.Compile(("Order.cs", Order), ("Label.cs", use));

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
    }

    [Fact]
    public void A_call_is_never_renamed_to_a_property()
    {
        const string use = "namespace Shop;\n\npublic class Label\n{\n    public string Name(Order o) => o.CustomerNam();\n}\n";
        var compilation = InMemoryProject.Compile(("Order.cs", Order), ("Label.cs", use));

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
    }

    [Fact]
    public void A_call_whose_argument_count_no_candidate_accepts_gets_no_fix()
    {
        const string use = "namespace Shop;\n\npublic class Cart\n{\n    public void Put(Order o) => o.Ad(1, 2);\n}\n";
        var compilation = InMemoryProject.Compile(("Order.cs", Order), ("Cart.cs", use));

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
    }
}
