using CiAgent.Kernel;
using CiAgent.Policy;

namespace CiAgent.Tests.Policy;

internal static class PolicyTestFiles
{
    public const string CartTestsPath = "tests/Foo.Tests/CartTests.cs";

    public static string Cart(string body, string attributes = "", string classModifiers = "public") => $$"""
        using Xunit;

        namespace Foo.Tests;

        {{attributes}}{{classModifiers}} sealed class CartTests
        {
        {{body}}
        }
        """;

    public const string CheckoutTest = """
            [Fact]
            public void Checkout_adds_up_every_line()
            {
                var total = new Cart().Total();
                Assert.Equal(134.97m, total);
            }
        """;

    public const string EmptyTest = """
            [Fact]
            public void Empty_cart_is_free()
            {
                Assert.True(new Cart().IsEmpty);
            }
        """;

    public static IReadOnlyList<PolicyViolation> CheckTestEdit(string before, string after, IntegrityPolicyOptions? options = null) =>
        IntegrityPolicy.Check([new FileChange(CartTestsPath, before, after, IsTestFile: true)], options ?? IntegrityPolicyOptions.Default);
}
