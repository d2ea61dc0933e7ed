using CiAgent.Strategies.Offline;
using Microsoft.CodeAnalysis.CSharp;

namespace CiAgent.Tests.Strategies;

public sealed class DeclarationRenamesTests
{
    private const string Before = """
        namespace Flow;

        public partial class Machine<TState>
        {
            public class Transition
            {
                public TState Source { get; }
                public TState Destination { get; }
                public string Trigger = "";
                public int Count(string state) => 0;
                public int Count(int state) => 0;
            }
        }
        """;

    [Fact]
    public void A_nested_generic_types_property_renamed_in_place_is_a_rename_under_its_metadata_name()
    {
        var renames = Between(Before, Before.Replace("TState Destination", "TState Target", StringComparison.Ordinal));

        Assert.Equal([new MemberRename("Flow.Machine`1+Transition", "Destination", "Target", "HEAD")], renames);
    }

    [Fact]
    public void Overloads_renamed_together_are_each_a_rename_to_the_same_name()
    {
        var renames = Between(Before, Before.Replace("int Count(", "int Tally(", StringComparison.Ordinal));

        Assert.Equal(["Count→Tally", "Count→Tally"], renames.Select(r => $"{r.OldName}→{r.NewName}"));
    }

    [Fact]
    public void A_member_renamed_and_moved_past_an_unchanged_neighbour_is_not_a_rename()
    {
        var moved = Before
            .Replace("                public TState Destination { get; }\n", "", StringComparison.Ordinal)
            .Replace("public string Trigger = \"\";\n", "public string Trigger = \"\";\n                public TState Target { get; }\n", StringComparison.Ordinal);

        Assert.Empty(Between(Before, moved));
    }

    [Theory]
    [InlineData("public TState Target;", "a field is another kind of member")]
    [InlineData("public string Target { get; }", "its type changed")]
    [InlineData("public static TState Target { get; }", "it became static")]
    public void A_member_replaced_by_one_of_another_kind_or_signature_is_not_a_rename(string replacement, string because)
    {
        var changed = Before.Replace("public TState Destination { get; }", replacement, StringComparison.Ordinal);

        Assert.True(Between(Before, changed).Count == 0, because);
    }

    [Fact]
    public void A_field_renamed_while_another_member_is_added_elsewhere_is_still_a_rename()
    {
        var changed = Before
            .Replace("public string Trigger = \"\";", "public string Cause = \"\";", StringComparison.Ordinal)
            .Replace("public TState Source { get; }", "public int Id { get; }\n                public TState Source { get; }", StringComparison.Ordinal);

        Assert.Equal(["Trigger→Cause"], Between(Before, changed).Select(r => $"{r.OldName}→{r.NewName}"));
    }

    private static IReadOnlyList<MemberRename> Between(string before, string after) =>
        DeclarationRenames.Between(CSharpSyntaxTree.ParseText(before).GetRoot(), CSharpSyntaxTree.ParseText(after).GetRoot(), "HEAD");
}
