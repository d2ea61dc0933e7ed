using CiAgent.Bench;
using CiAgent.Context;
using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Strategies.Agent;
using CiAgent.Tests.Intake;

namespace CiAgent.Tests.Context;

/// <summary>
/// The bench's held-out case where names mislead, through a real build and test run: three other types declare DiscountFor
/// and Money declares Add, while the failing test calls <c>new BulkDiscount(…).DiscountFor(order)</c> and <c>Order.Add</c>.
/// </summary>
public sealed class BoundPromptTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ciagent-bound-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_first_prompt_shows_the_members_the_failing_test_calls_not_the_ones_named_alike()
    {
        var benchCase = Corpus.Load(BenchPaths.Manifest).Cases.Single(c => c.Id == "checkout-logic-same-names");
        CaseRunner.Materialize(benchCase, _root);
        var tests = await DotnetTestRunner.RunAsync(Path.Combine(_root, "Checkout.slnx"), new TestRunRequest { WorkspaceRoot = _root, Timeout = TimeSpan.FromMinutes(5) });
        var failure = Assert.Single(tests.Failures);

        var graph = await FailureCallGraph.BindAsync(_root, [failure], new ProjectCompilationLoader(TimeSpan.FromMinutes(3)), CancellationToken.None);

        Assert.Empty(graph.Problems);
        var members = graph.For(failure);
        Assert.Equal(("DiscountTests.A_bulk_discount_applies_from_the_minimum_quantity()", 0), (members[0].Name, members[0].Depth));
        var direct = members.Where(m => m.Depth == 1).Select(m => m.Name).ToList();
        Assert.Equal("BulkDiscount.DiscountFor(Order)", direct[0]);
        Assert.Contains("Order.Add(string, int, Money)", direct);
        Assert.Contains("BulkDiscount.BulkDiscount(int, decimal)", direct);
        Assert.DoesNotContain(direct, name => name.Contains("Money.Add", StringComparison.Ordinal) || name.StartsWith("Discount.", StringComparison.Ordinal));
        Assert.DoesNotContain(members, m => m.Name is "BirthdayDiscount.DiscountFor(Order)" or "AmountOffDiscount.DiscountFor(Order)" or "IDiscount.DiscountFor(Order)");
        // What the override calls comes next, breadth first: the quantity, the subtotal, the percentage.
        Assert.Contains(members, m => m is { Name: "Order.Quantity", Depth: 2 });
        Assert.Contains(members, m => m is { Name: "Discount.PercentOf(Money, decimal)", Depth: 2 });

        var prompt = Prompt(tests, graph, 6000);
        Assert.Contains("if (order.Quantity > _minimumQuantity)", prompt);
        Assert.Contains("public void Add(string sku, int quantity, Money unitPrice)", prompt);
        Assert.DoesNotContain("birthday.Month != order.PlacedOn.Month", prompt);
        Assert.DoesNotContain("return amountOff.Amount <= order.Subtotal.Amount", prompt);
        Assert.DoesNotContain("public Money Add(Money other)", prompt[..prompt.IndexOf("public void Add(string sku", StringComparison.Ordinal)]);

        // A tight budget keeps the override the test calls first and names what did not fit; the same-named members stay out.
        var tight = Prompt(tests, graph, 800);
        Assert.True(PromptBuilder.EstimateTokens(tight) <= 800, $"{PromptBuilder.EstimateTokens(tight)} tokens");
        Assert.Contains("if (order.Quantity > _minimumQuantity)", tight);
        Assert.Contains("Also reached, not shown:", tight);
        Assert.DoesNotContain("birthday.Month", tight);
        Assert.DoesNotContain("amountOff.Amount", tight);
    }

    public void Dispose() => TestFixtures.Delete(_root);

    private string Prompt(TestRunResult tests, FailureCallGraph graph, int budget) =>
        new PromptBuilder(new SourceCatalog(_root), budget, graph).Build("Checkout.slnx", new BuildResult([], 0, false, TimeSpan.Zero, ""), tests, new HashSet<string>());
}
