using System.Diagnostics;
using CiAgent.Tests.EndToEnd;
using Xunit.Abstractions;

namespace CiAgent.Tests.Guardrails;

/// <summary>Builds that misbehave: hang, flood the log, delete a tracked file. Each ends with a clear reason, the right exit code and the tree restored.</summary>
public sealed class BuildFaultTests(ITestOutputHelper output)
{
    // A quarter of a minute exercises the same path as --timeout 1 (the run's limit cancels the build) at a quarter of the cost.
    private const string TimeoutMinutes = "0.25";

    // Writes 100 MB of lines to the standard output of the `dotnet build` ciagent started (the one whose command line has -tl:off),
    // which is what a chatty tool in a build looks like to ciagent once MSBuild's quiet verbosity is out of the way.
    private const string FloodScript = """
        #!/bin/sh
        p=$PPID
        while [ "$p" -gt 1 ]; do
          if tr '\0' ' ' < /proc/$p/cmdline | grep -q -- '-tl:off'; then break; fi
          p=$(cut -d' ' -f4 /proc/$p/stat)
        done
        [ "$p" -gt 1 ] || exit 0
        yes 'codegen: regenerating the lookup tables of the geometry kernel, nothing to see here, carry on with the build please' | head -c 100000000 > /proc/$p/fd/1
        echo "$p" > "$1"
        """;

    [Fact]
    public async Task A_build_that_hangs_ends_at_the_time_limit_with_the_workspace_restored_and_no_sleep_left()
    {
        using var repository = await GuardedWorkspace.TypeErrorAsync(r => GuardedWorkspace.AddTarget(r,
            """<Target Name="Hang" BeforeTargets="CoreCompile"><Exec Command="sleep 600" /></Target>"""));
        var before = repository.Fingerprint();
        var clock = Stopwatch.StartNew();
        using var ciagent = CiAgentProcess.Start(repository.Root, null, ["heal", "--workspace", repository.Root, "--provider", "none", "--timeout", TimeoutMinutes, .. GuardedWorkspace.Cheap]);
        var sleep = await ciagent.WaitForDescendantAsync(p => p.Name == "sleep", TimeSpan.FromSeconds(60));

        var run = await ciagent.WaitForExitAsync(TimeSpan.FromSeconds(90));
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), $"A {TimeoutMinutes}-minute limit took {clock.Elapsed.TotalSeconds:0} s.\n{run}");
        var status = run.Report.GetProperty("status").GetString();
        Assert.True((status, run.ExitCode) is ("not-healed", 1) or ("error", 3), run.ToString());
        Assert.Contains("time limit of 0.3 minutes", run.Report.GetProperty("reason").GetString());
        Assert.Equal(before, repository.Fingerprint());
        await Task.Delay(500);
        Assert.False(ProcessTree.IsAlive(sleep), $"The build's sleep ({sleep}) outlived the run.");
    }

    [Fact]
    public async Task A_build_that_prints_100_MB_is_read_with_bounded_memory_and_its_compile_error_still_reported()
    {
        using var repository = await GuardedWorkspace.TypeErrorAsync(r =>
        {
            r.Write("flood.sh", FloodScript);

            // One in-process MSBuild node, so the Exec's shell is a descendant of the dotnet build ciagent started.
            r.Write("Directory.Build.rsp", "-m:1\n-nodeReuse:false\n");
            GuardedWorkspace.AddTarget(r, """
                <Target Name="Flood" BeforeTargets="CoreCompile" Condition="'$(SkipCompilerExecution)' != 'true'">
                  <Exec Command="sh $(MSBuildThisFileDirectory)../../flood.sh $(MSBuildThisFileDirectory)obj/flood.done" />
                </Target>
                """);
        });
        var before = repository.Fingerprint();
        using var ciagent = CiAgentProcess.Start(repository.Root, null, ["heal", "--workspace", repository.Root, "--provider", "none", .. GuardedWorkspace.Cheap]);

        var run = await ciagent.WaitForExitAsync(TimeSpan.FromSeconds(180));

        Assert.True(File.Exists(Path.Combine(repository.Root, "src", "Geometry", "obj", "flood.done")), "The flood never reached ciagent's build output.\n" + run);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("not-healed", run.Report.GetProperty("status").GetString());
        Assert.Contains("CS0029", run.Report.GetProperty("reason").GetString());
        Assert.Contains(run.Report.GetProperty("baseline").GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "CS0029");
        output.WriteLine($"ciagent's peak resident set while reading 100 MB of build output: {ciagent.PeakResidentKb / 1024} MB");
        Assert.True(ciagent.PeakResidentKb is > 0 and < 500 * 1024, $"ciagent's peak resident set was {ciagent.PeakResidentKb / 1024} MB.");
        Assert.Equal(before, repository.Fingerprint());
    }

    [Fact]
    public async Task A_build_that_deletes_a_tracked_file_gets_it_back_byte_for_byte()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => GuardedWorkspace.AddTarget(r,
            """<Target Name="Clean up" BeforeTargets="CoreCompile"><Exec Command="rm -f Circle.cs &amp;&amp; echo codegen: lost its way &amp;&amp; exit 3" /></Target>""".Replace("Clean up", "CleanUp", StringComparison.Ordinal)));
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root, GuardedWorkspace.Cheap);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("not-healed", run.Report.GetProperty("status").GetString());
        Assert.Contains("MSB3073", run.Report.GetProperty("reason").GetString());
        Assert.Equal(before, repository.Fingerprint());
        Assert.Empty(await repository.GitAsync("status", "--porcelain", "--untracked-files=all"));
    }
}
