using System.Globalization;
using CiAgent.Processes;

namespace CiAgent.Tests.Processes;

/// <summary>Work on an idle thread gets the processor only when nothing else wants it, and leaves every other thread as it was (Linux, where CI and the image run).</summary>
public sealed class IdleThreadTests
{
    [Fact]
    public async Task I_can_run_work_on_a_thread_the_scheduler_serves_last()
    {
        var niceThere = -1;

        var ran = await IdleThread.Start("idle-test", () => niceThere = NiceOfThisThread());

        Assert.True(ran);
        Assert.Equal(19, niceThere);
        Assert.Equal(0, await Task.Run(NiceOfThisThread));
        Assert.Equal(0, NiceOfThisThread());
    }

    [Fact]
    public async Task The_idle_thread_has_ended_before_its_task_completes()
    {
        // Completing the task queues what follows it, and the pool starts a new worker on the thread that queues work, at that
        // thread's nice value: were the idle thread to complete it, a pool worker could stay idle-slow for the rest of the run.
        for (var i = 0; i < 20; i++)
        {
            Thread? idle = null;

            Assert.True(await IdleThread.Start("idle-test", () => idle = Thread.CurrentThread));

            Assert.False(idle!.IsAlive);
        }
    }

    [Fact]
    public async Task A_fault_of_the_work_faults_its_task()
    {
        var run = IdleThread.Start("idle-test", () => throw new InvalidOperationException("boom"));

        var fault = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal("boom", fault.Message);
    }

    // The nineteenth field after the command name in /proc/thread-self/stat is the thread's nice value.
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
    }
}
