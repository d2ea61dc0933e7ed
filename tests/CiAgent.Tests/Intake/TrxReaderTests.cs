using CiAgent.Intake;
using CiAgent.Kernel;
using CiAgent.Tests.Strategies;

namespace CiAgent.Tests.Intake;

public class TrxReaderTests
{
    // Saved from a real `dotnet test` of tests/fixtures/TrxSample (Calculator only) copied to /tmp/trx-sample.
    private static readonly string SavedTrx = Path.Combine(TestFixtures.RepositoryRoot, "tests", "CiAgent.Tests", "Intake", "Trx", "calculator.trx");

    [Fact]
    public void I_can_read_every_result_with_its_outcome_and_duration()
    {
        var report = TrxReader.Read(SavedTrx, "/tmp/trx-sample");

        Assert.Equal(
            ["TrxSample.Calculator.Adds:Passed", "TrxSample.Calculator.Divides:NotExecuted", "TrxSample.Calculator.Multiplies:Failed", "TrxSample.Calculator.Subtracts:Passed"],
            report.Results.Select(result => $"{result.FullName}:{result.Outcome}").Order(StringComparer.Ordinal));
        // The durations written in calculator.trx, to the tick: a reader that dropped or rounded them would differ.
        Assert.Equal(
            ["Adds:00:00:00.0000609", "Divides:00:00:00.0010000", "Multiplies:00:00:00.0600386", "Subtracts:00:00:00.0011828"],
            report.Results.Select(result => $"{result.MethodName}:{result.Duration:c}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failed_result_carries_class_method_message_stack_trace_and_output()
    {
        var failed = TrxReader.Read(SavedTrx, "/tmp/trx-sample").Results.Single(result => result.IsFailed);

        Assert.Equal("TrxSample.Calculator", failed.ClassName);
        Assert.Equal("Multiplies", failed.MethodName);
        Assert.StartsWith("Assert.Equal() Failure: Values differ", failed.Message);
        Assert.Contains("Expected: 41", failed.Message);
        Assert.Contains("at TrxSample.Calculator.Multiplies()", failed.StackTrace);
        Assert.Equal("multiplying 6 by 7", failed.StdOut?.Trim());
    }

    [Fact]
    public void Stack_frames_are_mapped_to_files_and_lines_under_the_workspace_root()
    {
        var failed = TrxReader.Read(SavedTrx, "/tmp/trx-sample").Results.Single(result => result.IsFailed);

        Assert.Equal([new SourceLocation("/tmp/trx-sample/Calculator.cs", 28)], failed.Locations.ToArray());
    }

    [Fact]
    public void Stack_frames_outside_the_workspace_root_are_left_out()
    {
        var failed = TrxReader.Read(SavedTrx, "/tmp/trx-sample-other").Results.Single(result => result.IsFailed);

        Assert.Empty(failed.Locations.ToArray());
    }

    [Fact]
    public void A_skipped_result_counts_as_skipped_not_failed()
    {
        var skipped = TrxReader.Read(SavedTrx, null).Results.Single(result => result.MethodName == "Divides");

        Assert.True(skipped.IsSkipped);
        Assert.False(skipped.IsFailed);
    }

    [Fact]
    public void Trx_run_messages_are_kept()
    {
        var report = TrxReader.Read(SavedTrx, null);

        Assert.Contains(report.RunMessages, message => message.Contains("TrxSample.Calculator.Multiplies [FAIL]", StringComparison.Ordinal));
    }

    [Fact]
    public void Trx_locations_are_found_in_both_runner_stack_formats_innermost_first_without_duplicates()
    {
        const string stack = """
               at Shop.Cart.Total() in /work/repo/src/Cart.cs:line 42
               at Shop.Tests.CartTests.Totals() in /work/repo/tests/CartTests.cs:17
               at Shop.Tests.CartTests.Totals() in /work/repo/tests/CartTests.cs:17
               at Xunit.Sdk.Something() in /_/src/xunit.execution/Sdk/Something.cs:line 9
               at System.Reflection.MethodBaseInvoker.InvokeWithNoArgs(Object obj, BindingFlags invokeAttr)
            """;

        Assert.Equal(
            [new SourceLocation("/work/repo/src/Cart.cs", 42), new SourceLocation("/work/repo/tests/CartTests.cs", 17)],
            TrxReader.FindLocations(stack, "/work/repo/").ToArray());
    }

    [Fact]
    public void Trx_locations_do_not_match_a_sibling_folder_that_shares_the_root_prefix()
    {
        Assert.Empty(TrxReader.FindLocations("   at A.B() in /work/repo-old/A.cs:line 1", "/work/repo"));
    }
}
