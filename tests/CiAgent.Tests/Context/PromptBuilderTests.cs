using CiAgent.Context;
using CiAgent.Kernel;
using CiAgent.Strategies.Agent;

namespace CiAgent.Tests.Context;

public sealed class PromptBuilderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ciagent-prompt-").FullName;

    public PromptBuilderTests()
    {
        Write("src/Ledger/Ledger.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        Write("src/Ledger/Account.cs", """
            namespace Ledger;

            public sealed class Account
            {
                private int _lastId;

                public decimal Balance { get; private set; }

                public void Deposit(decimal amount, DateOnly date, string memo)
                {
                    Balance += amount;
                    Interlocked.Increment(ref _lastId);
                }
            }
            """);
        Write("src/Ledger/IAccountStore.cs", """
            namespace Ledger;

            public interface IAccountStore
            {
                Account Find(string id);

                void Remove(string id);
            }
            """);
        Write("src/Ledger/MemoryStore.cs", """
            namespace Ledger;

            public sealed class MemoryStore : IAccountStore
            {
                private readonly Dictionary<string, Account> _accounts = [];

                public Account Find(string id) => _accounts[id];
            }
            """);
        Write("src/Ledger/Teller.cs", """
            namespace Ledger;

            public static class Teller
            {
                public static void PayIn(Account account, decimal amount) => account.Deposit(amount, DateOnly.MinValue);
            }
            """);
        Write("tests/Ledger.Tests/AccountTests.cs", """
            namespace Ledger.Tests;

            public class AccountTests
            {
                [Fact]
                public void Deposits_add_up()
                {
                    var account = new Account();
                    account.Deposit(10m, DateOnly.MinValue, "a");
                    Assert.Equal(10m, account.Balance);
                }
            }
            """);
    }

    [Fact]
    public void A_changed_signature_shows_the_member_the_message_names_not_just_its_type()
    {
        var prompt = Build(Error("src/Ledger/Teller.cs", 5, "CS7036", "There is no argument given that corresponds to the required parameter 'memo' of 'Account.Deposit(decimal, DateOnly, string)'"));

        Assert.Contains("public static void PayIn(Account account, decimal amount) => account.Deposit(amount, DateOnly.MinValue);", prompt);
        Assert.Contains("src/Ledger/Account.cs:9: public void Deposit(decimal amount, DateOnly date, string memo)", prompt);
    }

    [Fact]
    public void A_missing_interface_member_shows_the_whole_type_and_the_member_it_lacks()
    {
        var prompt = Build(Error("src/Ledger/MemoryStore.cs", 3, "CS0535", "'MemoryStore' does not implement interface member 'IAccountStore.Remove(string)'"));

        Assert.Contains("public Account Find(string id) => _accounts[id];", prompt);
        Assert.Contains("src/Ledger/IAccountStore.cs:7: void Remove(string id)", prompt);
    }

    [Fact]
    public void A_short_member_is_declared_whole_with_its_body_or_accessors()
    {
        Write("src/Ledger/Rates.cs", """
            namespace Ledger;

            public interface IRates
            {
                string Currency { get; }
            }

            public sealed class Rates
            {
                public decimal Convert(decimal amount, int priority) => amount * 2;
            }
            """);

        var prompt = Build(
            Error("src/Ledger/Teller.cs", 5, "CS7036", "There is no argument given that corresponds to the required parameter 'priority' of 'Rates.Convert(decimal, int)'"),
            Error("src/Ledger/MemoryStore.cs", 3, "CS0535", "'MemoryStore' does not implement interface member 'IRates.Currency'"));

        Assert.Contains("src/Ledger/Rates.cs:10: public decimal Convert(decimal amount, int priority) => amount * 2;", prompt);
        Assert.Contains("src/Ledger/Rates.cs:5: string Currency { get; }", prompt);
    }

    [Fact]
    public void A_field_used_on_the_failing_line_is_declared_in_the_prompt()
    {
        var prompt = Build(Error("src/Ledger/Account.cs", 12, "CS0266", "Cannot implicitly convert type 'long' to 'int'. An explicit conversion exists (are you missing a cast?)"));

        Assert.Contains("src/Ledger/Account.cs:5: private int _lastId;", prompt);
    }

    [Fact]
    public void A_failing_test_brings_the_code_it_calls()
    {
        var failure = new TestFailure(
            "Ledger.Tests.AccountTests.Deposits_add_up", "Ledger.Tests.AccountTests", "Deposits_add_up",
            "Assert.Equal() Failure: Values differ\nExpected: 10\nActual:   0", "at Ledger.Tests.AccountTests.Deposits_add_up() in AccountTests.cs:line 10", null,
            [new SourceLocation(Path.Combine(_root, "tests/Ledger.Tests/AccountTests.cs"), 10)]);
        var tests = new TestRunResult(TestRunFailureKind.None, 1, 0, 1, 0, [failure], null, "", 1, TimeSpan.Zero);

        var prompt = new PromptBuilder(new SourceCatalog(_root), 6000).Build("Ledger.sln", new BuildResult([], 0, false, TimeSpan.Zero, ""), tests, new HashSet<string>());

        Assert.Contains("Expected: 10", prompt);
        Assert.Contains("Assert.Equal(10m, account.Balance);", prompt);
        Assert.Contains("Balance += amount;", prompt);
    }

    [Fact]
    public void A_tight_budget_keeps_the_header_the_layout_and_the_instructions_and_says_what_it_left_out()
    {
        var errors = Enumerable.Range(0, 5).Select(i => Error("src/Ledger/Account.cs", 12, "CS0266", $"Cannot convert {i}")).ToArray();

        var prompt = new PromptBuilder(new SourceCatalog(_root), 200).Build("Ledger.sln", Broken(errors), null, new HashSet<string>());

        Assert.StartsWith("The build of Ledger.sln fails.", prompt);
        Assert.Contains("left out to stay within the prompt budget", prompt);
        Assert.Contains("- src/Ledger/Ledger.csproj", prompt);
        Assert.Contains("call finish", prompt);
    }

    [Fact]
    public void The_layout_names_the_projects_each_project_references()
    {
        Write("tests/Ledger.Tests/Ledger.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="..\..\src\Ledger\Ledger.csproj" />
                <ProjectReference Include="$(SharedRoot)/Fixtures/Fixtures.csproj" />
              </ItemGroup>
            </Project>
            """);

        var prompt = Build(Error("src/Ledger/Account.cs", 12, "CS0266", "Cannot implicitly convert type 'long' to 'int'"));

        // A reference built from a property still shows by its name: the model reads the layout, not the graph.
        Assert.Contains("- tests/Ledger.Tests/Ledger.Tests.csproj → Ledger, Fixtures\n", prompt);
        Assert.Contains("- src/Ledger/Ledger.csproj\n", prompt);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Build(params BuildDiagnostic[] errors) =>
        new PromptBuilder(new SourceCatalog(_root), 6000).Build("Ledger.sln", Broken(errors), null, new HashSet<string>());

    private static BuildResult Broken(BuildDiagnostic[] errors) => new(errors, 1, false, TimeSpan.Zero, "");

    private BuildDiagnostic Error(string file, int line, string code, string message) =>
        new(Path.Combine(_root, file), line, 5, DiagnosticSeverity.Error, code, message, Path.Combine(_root, "src/Ledger/Ledger.csproj"));

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
