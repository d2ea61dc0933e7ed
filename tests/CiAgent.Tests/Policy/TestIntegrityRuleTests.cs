using CiAgent.Configuration;
using CiAgent.Kernel;
using CiAgent.Policy;
using static CiAgent.Tests.Policy.PolicyTestFiles;

namespace CiAgent.Tests.Policy;

public sealed class TestIntegrityRuleTests
{
    private static readonly string Before = Cart(CheckoutTest + "\n" + EmptyTest);

    [Fact]
    public void Changing_an_expected_value_to_match_the_actual_one_is_refused()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Before.Replace("134.97m", "120m")));

        Assert.Equal("weakened-assertion", violation.Rule);
        Assert.Equal("tests/Foo.Tests/CartTests.cs:11: Assert.Equal expected value changed from 134.97m to 120m in Checkout_adds_up_every_line", violation.ToString());
    }

    [Fact]
    public void Flipping_Assert_True_to_Assert_False_is_refused()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Before.Replace("Assert.True(new Cart().IsEmpty)", "Assert.False(new Cart().IsEmpty)")));

        Assert.Equal("Assert.True changed to Assert.False on newCart().IsEmpty in Empty_cart_is_free", violation.Message);
    }

    [Fact]
    public void Replacing_an_assertion_with_Assert_True_true_is_refused()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Before.Replace("Assert.Equal(134.97m, total)", "Assert.True(true)")));

        Assert.Equal("Assert.Equal(134.97m, total) replaced by Assert.True(true), which cannot fail, in Checkout_adds_up_every_line", violation.Message);
    }

    [Fact]
    public void Removing_an_assertion_is_refused()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Before.Replace("Assert.Equal(134.97m, total);", "_ = total;")));

        Assert.Equal(new PolicyViolation("weakened-assertion", CartTestsPath, 11, "Assert.Equal(134.97m, total) removed from Checkout_adds_up_every_line"), violation);
    }

    [Fact]
    public void Changing_a_fluent_expected_value_is_refused()
    {
        var fluent = Before.Replace("Assert.Equal(134.97m, total);", "total.Should().Be(134.97m);");

        var violation = Assert.Single(CheckTestEdit(fluent, fluent.Replace("Be(134.97m)", "Be(120m)")));

        Assert.Equal("Should().Be expected value changed from 134.97m to 120m in Checkout_adds_up_every_line", violation.Message);
    }

    [Fact]
    public void Following_a_rename_in_the_checked_value_is_allowed()
    {
        Assert.Empty(CheckTestEdit(Before, Before.Replace("new Cart().Total()", "new Cart().GrandTotal()").Replace("IsEmpty", "HasNoLines")));
    }

    [Fact]
    public void Reformatting_and_adding_assertions_is_allowed()
    {
        var after = Before.Replace("Assert.Equal(134.97m, total);", "Assert.Equal(134.97m,   total);\n        Assert.True(total > 0);");

        Assert.Empty(CheckTestEdit(Before, after));
    }

    [Fact]
    public void A_removed_test_method_is_a_violation()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Cart(EmptyTest)));

        Assert.Equal(new PolicyViolation("removed-test", CartTestsPath, 8, "test method Checkout_adds_up_every_line was removed from CartTests"), violation);
    }

    [Fact]
    public void A_renamed_test_method_is_a_violation_that_names_the_new_name()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Before.Replace("Checkout_adds_up_every_line", "Checkout_works")));

        Assert.Equal("test method Checkout_adds_up_every_line was renamed to Checkout_works", violation.Message);
    }

    [Fact]
    public void A_removed_test_class_is_one_violation()
    {
        var violation = Assert.Single(CheckTestEdit(Before, "namespace Foo.Tests;\n"));

        Assert.Equal("test class CartTests (2 tests) was removed", violation.Message);
        Assert.Equal("removed-test", violation.Rule);
    }

    [Fact]
    public void A_deleted_test_file_removes_its_tests()
    {
        var violations = IntegrityPolicy.Check([new FileChange(CartTestsPath, Before, null, IsTestFile: true)], IntegrityPolicyOptions.Default);

        Assert.Equal("test class CartTests (2 tests) was removed", Assert.Single(violations).Message);
    }

    [Fact]
    public void A_test_moved_to_another_file_is_not_removed()
    {
        var moved = Cart(CheckoutTest).Replace("class CartTests", "class CheckoutTests");
        var violations = IntegrityPolicy.Check(
            [
                new FileChange(CartTestsPath, Before, Cart(EmptyTest), IsTestFile: true),
                new FileChange("tests/Foo.Tests/CheckoutTests.cs", null, moved, IsTestFile: true),
            ],
            IntegrityPolicyOptions.Default);

        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("[Fact(Skip = \"flaky\")]", "test Checkout_adds_up_every_line is skipped by [Fact(Skip = \"flaky\")]")]
    [InlineData("[Fact, Trait(\"Category\", \"Skip\")]", "test Checkout_adds_up_every_line is tagged [Trait(\"Category\", \"Skip\")], which CI filters exclude")]
    [InlineData("[Test, Ignore(\"later\")]", "test Checkout_adds_up_every_line is marked [Ignore(\"later\")]")]
    [InlineData("[Test, Explicit]", "test Checkout_adds_up_every_line is marked [Explicit]")]
    public void A_newly_skipped_test_is_a_violation(string attributes, string expected)
    {
        var before = Before.Replace("[Fact]\n    public void Checkout", attributes.Contains("Test") ? "[Test]\n    public void Checkout" : "[Fact]\n    public void Checkout");
        var after = Before.Replace("[Fact]\n    public void Checkout", attributes + "\n    public void Checkout");

        var violation = Assert.Single(CheckTestEdit(before, after));

        Assert.Equal("skipped-test", violation.Rule);
        Assert.Equal(expected, violation.Message);
    }

    [Fact]
    public void A_test_that_calls_Assert_Skip_is_a_violation()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Before.Replace("var total = new Cart().Total();", "Assert.Skip(\"later\");\n        var total = new Cart().Total();")));

        Assert.Equal("test Checkout_adds_up_every_line now calls Assert.Skip, so it can end without running its assertions", violation.Message);
    }

    [Theory]
    [InlineData("#if false")]
    [InlineData("#if RUN_SLOW_TESTS")]
    public void A_test_wrapped_in_a_false_if_is_a_violation(string directive)
    {
        var after = Before.Replace("    [Fact]\n    public void Checkout", $"{directive}\n    [Fact]\n    public void Checkout").Replace("    }\n    [Fact]", "    }\n#endif\n    [Fact]");

        var violation = Assert.Single(CheckTestEdit(Before, after));

        Assert.Equal(new PolicyViolation("skipped-test", CartTestsPath, 7, $"test Checkout_adds_up_every_line is compiled out by '{directive}'"), violation);
    }

    [Fact]
    public void A_test_made_private_is_a_violation()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Before.Replace("public void Checkout", "private void Checkout")));

        Assert.Equal("test Checkout_adds_up_every_line is no longer public, so it is not discovered", violation.Message);
    }

    [Fact]
    public void A_test_whose_attribute_is_removed_is_a_violation()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Before.Replace("    [Fact]\n    public void Checkout", "    public void Checkout")));

        Assert.Equal(new PolicyViolation("skipped-test", CartTestsPath, 7, "test Checkout_adds_up_every_line is no longer marked [Fact], so it does not run"), violation);
    }

    [Fact]
    public void An_ignored_test_class_is_a_violation()
    {
        var violation = Assert.Single(CheckTestEdit(Before, Cart(CheckoutTest + "\n" + EmptyTest, attributes: "[Trait(\"Category\", \"Quarantine\")]\n")));

        Assert.Equal("test class CartTests is tagged [Trait(\"Category\", \"Quarantine\")], which CI filters exclude, so none of its tests run", violation.Message);
    }

    [Fact]
    public void A_test_that_was_already_skipped_is_not_reported_again()
    {
        var skipped = Before.Replace("[Fact]\n    public void Checkout", "[Fact(Skip = \"flaky\")]\n    public void Checkout");

        Assert.Empty(CheckTestEdit(skipped, skipped.Replace("var total", "var  total")));
    }

    [Fact]
    public void Test_rules_do_not_apply_outside_test_files()
    {
        var violations = IntegrityPolicy.Check([new FileChange("src/Shop/Cart.cs", Before, Cart(EmptyTest), IsTestFile: false)], IntegrityPolicyOptions.Default);

        Assert.Empty(violations);
    }

    [Fact]
    public void A_configuration_that_allows_test_edits_still_refuses_a_skipped_test()
    {
        // allowTestEdits lets the model correct a wrong test; it must never let a fix skip one.
        var options = IntegrityPolicyOptions.FromConfig(new ConfigPolicy { AllowTestEdits = true });

        var violation = Assert.Single(CheckTestEdit(Before, Cart(CheckoutTest + "\n" + EmptyTest.Replace("[Fact]", "[Fact(Skip = \"x\")]")), options));
        Assert.Equal("skipped-test", violation.Rule);
    }
}
