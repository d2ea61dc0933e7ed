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

    private const string Person = "namespace Shop;\n\npublic class Person\n{\n    public Person(string name)\n    {\n        Name = name;\n    }\n\n    public string FullName { get; set; }\n\n    public string Greeting() => \"Hello \" + Name;\n}\n";

    [Fact]
    public void A_renamed_property_is_fixed_unqualified_in_its_own_type_in_a_derived_type_and_qualified_elsewhere_in_one_fix()
    {
        const string employee = "namespace Shop;\n\npublic class Employee(string name) : Person(name)\n{\n    public string Badge => Name.ToUpperInvariant();\n}\n";
        const string label = "namespace Shop;\n\npublic class Label\n{\n    public string Text(Person p) => p.Name;\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Person.cs", Person), ("Employee.cs", employee), ("Label.cs", label));

        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("Renamed `Name` to `FullName` on Person (4 sites)", fix.Description);
        Assert.Equal("CS0103", fix.Code);
        Assert.Contains("        FullName = name;\n", outcome.TextOf("Person.cs"), StringComparison.Ordinal);
        Assert.Contains("\"Hello \" + FullName;", outcome.TextOf("Person.cs"), StringComparison.Ordinal);
        Assert.Contains("Badge => FullName.ToUpperInvariant();", outcome.TextOf("Employee.cs"), StringComparison.Ordinal);
        Assert.Contains("p.FullName;", outcome.TextOf("Label.cs"), StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public void A_bare_call_to_a_renamed_static_method_inside_its_type_is_fixed()
    {
        const string prices = "namespace Shop;\n\npublic static class Prices\n{\n    public static decimal RoundUp(decimal d) => decimal.Ceiling(d);\n    public static decimal Total(decimal a, decimal b) => RoundUpp(a + b);\n}\n";

        var outcome = InMemoryProject.Heal(Fixer, ("Prices.cs", prices));

        Assert.Contains("=> RoundUp(a + b);", outcome.TextOf("Prices.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_name_close_to_a_local_is_not_taken_for_a_member()
    {
        // The parameter was renamed from customer to customers; Customer is a property too, but the parameter is the likelier meaning.
        const string use = "namespace Shop;\n\npublic class Mailer\n{\n    public string Customer { get; set; } = \"\";\n    public int Count(string[] customers) => customer.Length;\n}\n";
        var compilation = InMemoryProject.Compile(("Mailer.cs", use));

        Assert.Empty(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None));
    }

    [Fact]
    public void A_bare_camel_case_name_is_never_turned_into_a_pascal_case_member()
    {
        // The parameter name was renamed to fullName; `Name = name` must not become `Name = Name`.
        const string use = "namespace Shop;\n\npublic class Tag\n{\n    public Tag(string fullName)\n    {\n        Name = name;\n    }\n\n    public string Name { get; set; }\n}\n";
        var compilation = InMemoryProject.Compile(("Tag.cs", use));

        Assert.DoesNotContain(Fixer.Propose(compilation, compilation.Errors(), CancellationToken.None), f => f.Description.Contains("`name` to `Name`", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bare_use_in_a_derived_type_in_another_project_is_renamed_against_the_base_projects_assembly()
    {
        const string renamed = "namespace Shop;\n\npublic class Person\n{\n    public string FullName { get; set; } = \"\";\n}\n";
        var library = InMemoryProject.Compile("Lib", [], ("Lib/Person.cs", renamed));
        const string employee = "namespace Shop.Staff;\n\npublic class Employee : Shop.Person\n{\n    public string Badge() => Name.ToUpperInvariant();\n}\n";

        var outcome = new OfflineFixEngine([Fixer]).Run(InMemoryProject.Compile([library.ToMetadataReference()], ("Employee.cs", employee)), CancellationToken.None);

        Assert.Equal("Renamed `Name` to `FullName` on Person (1 site)", Assert.Single(outcome.Accepted).Description);
        Assert.Contains("Badge() => FullName.ToUpperInvariant();", outcome.TextOf("Employee.cs"), StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }
}
