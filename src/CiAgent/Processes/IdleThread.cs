using System.Runtime.InteropServices;

namespace CiAgent.Processes;

/// <summary>Runs work on a thread of its own that the operating system schedules only when nothing else wants the processor.</summary>
/// <remarks>
/// For work that may be wasted and must never slow what it runs beside (a build of the user's code). On Linux the thread's nice
/// value goes to 19, which CoreCLR's <see cref="Thread.Priority"/> does not do there; on Windows the thread priority goes to lowest.
/// A thread inherits its creator's nice value, so the work must not start threads of its own (no thread-pool work, no processes):
/// a pool thread it created would stay slow for the rest of the run. For the same reason a second thread, at the caller's
/// priority, waits for the idle one to end and completes the task.
/// </remarks>
public static class IdleThread
{
    private const int PriorityOfProcess = 0;
    private const int CallingThread = 0;
    private const int LowestNice = 19;

    /// <summary>Starts the work and returns its completion; it completes without running the work where the thread could not be made idle.</summary>
    /// <returns>True when the work ran to its end, false when it did not run; a fault of the work faults the task.</returns>
    public static Task<bool> Start(string name, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var ran = false;
        Exception? fault = null;
        var idle = new Thread(() =>
        {
            try
            {
                if (MakeIdle())
                {
                    work();
                    ran = true;
                }
            }
            catch (Exception e)
            {
                fault = e;
            }
        })
        {
            IsBackground = true,
            Name = name,
        };

        // The idle thread must not complete the task: that queues its continuations, and the pool starts a worker it lacks on
        // the thread that queues, where the worker inherits the idle nice value and keeps it for as long as it lives.
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new Thread(() =>
        {
            idle.Join();
            if (fault is null)
            {
                done.SetResult(ran);
            }
            else
            {
                done.SetException(fault);
            }
        })
        {
            IsBackground = true,
            Name = name + " (end)",
        };
        idle.Start();
        watcher.Start();
        return done.Task;
    }

    // Only the calling thread changes: on Linux, nice is per thread and "who = 0" is the caller.
    private static bool MakeIdle()
    {
        if (OperatingSystem.IsWindows())
        {
            Thread.CurrentThread.Priority = ThreadPriority.Lowest;
            return true;
        }

        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return SetPriorityGlibc(PriorityOfProcess, CallingThread, LowestNice) == 0;
        }
        catch (DllNotFoundException)
        {
            // Not glibc (musl names its library otherwise): the runtime's own probing for "libc" finds it there.
            try
            {
                return SetPriority(PriorityOfProcess, CallingThread, LowestNice) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
    }

    [DllImport("libc.so.6", EntryPoint = "setpriority")]
    private static extern int SetPriorityGlibc(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
