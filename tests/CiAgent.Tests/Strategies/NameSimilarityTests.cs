using CiAgent.Strategies.Offline;

namespace CiAgent.Tests.Strategies;

public sealed class NameSimilarityTests
{
    [Theory]
    [InlineData("GetTotl", "GetTotal")]
    [InlineData("Cuont", "Count")]
    [InlineData("Customername", "CustomerName")]
    [InlineData("TotalPrice", "Total")]
    [InlineData("GetItems", "GetAllItems")]
    public void Close_names_are_accepted(string missing, string candidate) =>
        Assert.True(NameSimilarity.IsClose(missing, candidate));

    [Theory]
    [InlineData("Add", "Any")]
    [InlineData("Name", "Age")]
    [InlineData("Get", "GetAll")]
    [InlineData("Discount", "Total")]
    [InlineData("Total", "TotalPriceWithTax")]
    public void Distant_names_are_refused(string missing, string candidate) =>
        Assert.False(NameSimilarity.IsClose(missing, candidate));

    [Fact]
    public void A_case_only_match_wins_over_other_close_names() =>
        Assert.Equal("GetName", NameSimilarity.PickUnique("Getname", ["GetName", "GetNames"]));

    [Fact]
    public void Two_close_names_mean_no_pick() =>
        Assert.Null(NameSimilarity.PickUnique("Total", ["TotalPrice", "TotalTax"]));

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(9, 3)]
    [InlineData(30, 3)]
    public void The_edit_budget_grows_with_length_but_is_capped(int length, int edits) =>
        Assert.Equal(edits, NameSimilarity.MaxEdits(length));

    [Fact]
    public void Names_split_into_camel_case_words() =>
        Assert.Equal(["Get", "HTTP", "Client", "2"], NameSimilarity.Words("GetHTTPClient2"));
}
