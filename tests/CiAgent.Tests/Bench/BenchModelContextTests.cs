using CiAgent.Bench;

namespace CiAgent.Tests.Bench;

/// <summary>The bench weighs CiAgent's first request against what a naive loop would send, by what each one shows of the true fix.</summary>
public sealed class BenchModelContextTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ciagent-bench-context-").FullName;

    private static readonly BenchCase Case = SampleCase.Expecting(Outcomes.HealedModel, new TextEdit("Ledger/Account.cs", "return total;", "return total"));

    [Fact]
    public void A_naive_loop_sends_the_log_and_every_file_it_names_under_the_workspace()
    {
        var named = Path.Combine(_root, "Ledger", "Account.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(named)!);
        File.WriteAllText(named, "class Account { int Sum() { return total } }");
        var log = $"{named}(1,40): error CS1002: ; expected\n/usr/share/dotnet/sdk/Microsoft.Common.targets(10,5): warning MSB3277\n";

        var naive = ModelContext.Naive(log, _root);

        Assert.StartsWith(log, naive, StringComparison.Ordinal);
        Assert.Contains($"--- {named}\nclass Account", naive, StringComparison.Ordinal);
        Assert.DoesNotContain("--- /usr/share", naive, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_is_read_as_the_text_of_its_messages_with_its_escapes_undone()
    {
        const string body = """
            {"model":"m","messages":[
              {"role":"system","content":"Heal the build."},
              {"role":"user","content":[{"type":"text","text":"Account.cs:\n    return total;"}]},
              {"role":"assistant","tool_calls":[]}]}
            """;

        var text = ModelContext.MessageText(body);

        Assert.Equal("Heal the build.\nAccount.cs:\n    return total;", text);
        Assert.True(ModelContext.Shows(text, Case));
        Assert.False(ModelContext.Shows("Heal the build.", Case));
    }

    [Fact]
    public void Tokens_are_four_characters_each_rounded_up()
    {
        Assert.Equal(0, ModelContext.Tokens(0));
        Assert.Equal(1, ModelContext.Tokens(1));
        Assert.Equal(2, ModelContext.Tokens(5));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
