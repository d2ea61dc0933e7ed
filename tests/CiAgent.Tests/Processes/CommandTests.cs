using System.Diagnostics;
using CiAgent.Processes;

namespace CiAgent.Tests.Processes;

public sealed class CommandTests
{
    private static ExternalCommand Shell(string script) => new ExternalCommand("bash").WithArguments("-c", script);

    [Fact]
    public async Task I_can_run_a_program_and_read_its_exit_code_and_both_streams()
    {
        var result = await Shell("echo out; echo err >&2; exit 3").ExecuteAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
        Assert.False(result.TimedOut);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Arguments_reach_the_program_exactly_as_written_without_a_shell()
    {
        var result = await new ExternalCommand("printf").WithArguments("%s|", "two words", "$HOME", "a\"quote", "; rm -rf /").ExecuteAsync();

        Assert.Equal("two words|$HOME|a\"quote|; rm -rf /|", result.StandardOutput.TrimEnd('\n'));
    }

    [Fact]
    public async Task Arguments_that_need_escaping_on_the_way_through_arrive_byte_for_byte()
    {
        // CliWrap joins the list into one escaped string that the runtime splits again; these are the cases that break naive quoting.
        string[] arguments = ["", "trailing\\", "back\\\"slash", "tab\there", "two\nlines", "ünï €", "\"\"", "*"];

        var result = await new ExternalCommand("printf").WithArguments(["%s|", .. arguments]).ExecuteAsync();

        // The runner hands back lines, so the last one gains a terminator.
        Assert.Equal(string.Join("", arguments.Select(a => a + "|")) + "\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_program_that_reads_standard_input_sees_it_closed_at_once()
    {
        var result = await new ExternalCommand("cat").WithTimeout(TimeSpan.FromSeconds(20)).ExecuteAsync();

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task I_can_set_the_working_directory_and_the_environment_and_remove_a_variable()
    {
        var directory = Directory.CreateTempSubdirectory("ciagent-cmd-").FullName;
        Environment.SetEnvironmentVariable("CIAGENT_TEST_INHERITED", "inherited");

        var result = await Shell("pwd; echo \"$CIAGENT_TEST_SET\"; echo \"[${CIAGENT_TEST_INHERITED:-gone}]\"")
            .WithWorkingDirectory(directory)
            .WithEnvironmentVariable("CIAGENT_TEST_SET", "set")
            .WithEnvironmentVariable("CIAGENT_TEST_INHERITED", null)
            .ExecuteAsync();

        Assert.Equal([directory, "set", "[gone]"], result.StandardOutput.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void With_methods_return_copies_and_leave_the_original_alone()
    {
        var original = new ExternalCommand("dotnet").WithArguments("build");

        var changed = original.WithArguments("test").WithTimeout(TimeSpan.FromSeconds(5)).WithOutputLimit(10);

        Assert.Equal(["build"], original.Arguments.ToArray());
        Assert.Null(original.Timeout);
        Assert.Equal(ExternalCommand.DefaultOutputLimit, original.OutputLimit);
        Assert.Equal(["test"], changed.Arguments.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(5), changed.Timeout);
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"ciagent-grandchild-{Guid.NewGuid():N}.pid");
        // The grandchild ignores nothing and would outlive its parent by minutes if only the parent were killed.
        var command = Shell($"echo before; sleep 300 & echo $! > {pidFile}; wait").WithTimeout(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var result = await command.ExecuteAsync();

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("passed its timeout", result.StandardError);
        Assert.Equal("before\n", result.StandardOutput);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim());
        await WaitUntilGoneAsync(grandchild);
    }

    [Fact]
    public async Task Cancellation_kills_the_tree_and_throws()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"ciagent-cancelled-{Guid.NewGuid():N}.pid");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Shell($"sleep 300 & echo $! > {pidFile}; wait").ExecuteAsync(cancel.Token));

        await WaitUntilGoneAsync(int.Parse(File.ReadAllText(pidFile).Trim()));
    }

    [Fact]
    public async Task The_output_cap_keeps_the_head_and_the_tail_and_says_what_it_dropped()
    {
        var result = await Shell("for i in $(seq 1 10000); do echo line$i; done").WithOutputLimit(1000).ExecuteAsync();

        Assert.True(result.OutputTruncated);
        Assert.StartsWith("line1\nline2\n", result.StandardOutput);
        Assert.EndsWith("line9999\nline10000\n", result.StandardOutput);
        Assert.Matches(@"… \[\d+ lines omitted\] …", result.StandardOutput);
        Assert.True(result.StandardOutput.Length < 1100, $"kept {result.StandardOutput.Length} characters");
    }

    [Fact]
    public async Task Every_line_reaches_the_line_callback_even_past_the_cap()
    {
        var count = 0;

        await Shell("seq 1 5000").WithOutputLimit(100).WithStandardOutputLine(_ => Interlocked.Increment(ref count)).ExecuteAsync();

        Assert.Equal(5000, count);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_fails_with_a_message_that_says_what_to_check()
    {
        var error = await Assert.ThrowsAsync<CommandStartException>(() => new ExternalCommand("ciagent-no-such-program").ExecuteAsync());

        Assert.Contains("ciagent-no-such-program", error.Message);
        Assert.Contains("PATH", error.Message);
    }

    private static async Task WaitUntilGoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z")
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"process {pid} is still running after its tree was killed");
    }
}
