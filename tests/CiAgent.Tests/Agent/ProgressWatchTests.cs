using CiAgent.Strategies.Agent;

namespace CiAgent.Tests.Agent;

public sealed class ProgressWatchTests
{
    [Fact]
    public void The_same_refusal_three_times_in_a_row_is_no_progress_even_when_the_failures_come_in_another_order()
    {
        var watch = new ProgressWatch();

        watch.Judged("finish", accepted: false, "2 tests failed:\n- A\n- B");
        watch.Judged("finish", accepted: false, "2 tests failed:\n- B\n- A");
        Assert.Null(watch.Stalled);
        watch.Judged("finish", accepted: false, "2 tests failed:\n- A\n- B");

        Assert.StartsWith("The model made no progress: finish was refused for the same reason 3 times in a row", watch.Stalled);
    }

    [Fact]
    public void A_different_answer_or_an_acceptance_starts_the_count_again()
    {
        var watch = new ProgressWatch();

        watch.Saw("read_file", "{\"path\":\"a.cs\"}", "one");
        watch.Saw("read_file", "{\"path\":\"a.cs\"}", "one");
        watch.Saw("read_file", "{\"path\":\"a.cs\"}", "changed");
        watch.Saw("read_file", "{\"path\":\"a.cs\"}", "changed");
        watch.Judged("finish", accepted: false, "red");
        watch.Judged("finish", accepted: false, "red");
        watch.Judged("finish", accepted: true, "green");
        watch.Judged("finish", accepted: false, "red");

        Assert.Null(watch.Stalled);
        watch.Saw("read_file", "{\"path\":\"a.cs\"}", "changed");
        Assert.StartsWith("The model made no progress: it called read_file with the same arguments and got the same answer 3 times in a row", watch.Stalled);
    }
}
