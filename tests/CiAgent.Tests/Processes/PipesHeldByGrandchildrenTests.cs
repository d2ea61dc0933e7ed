using System.Diagnostics;
using CiAgent.Processes;
using Xunit.Abstractions;

namespace CiAgent.Tests.Processes;

/// <summary>
/// A grandchild that outlives our program inherits its stdout and stderr; CliWrap alone waits for those pipes
/// to close, so these runs prove the result comes a short grace after our program exits instead.
/// </summary>
public sealed class PipesHeldByGrandchildrenTests(ITestOutputHelper output)
{
    // The runner's grace is 2 s; the rest is slack for a machine shared with other builds.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task I_get_the_result_a_grace_after_exit_while_a_background_grandchild_still_holds_both_pipes()
    {
        var pidFile = TempFile("holder");
        // The braces run in the background with our stdout and stderr; exec makes the holder's pid the one in $!.
        var script = $"{{ sleep 0.5; echo late; echo late-err >&2; exec sleep 30; }} & echo $! > {pidFile}; echo early";
        var clock = Stopwatch.StartNew();

        var result = await new ExternalCommand("bash").WithArguments("-c", script).ExecuteAsync();

        clock.Stop();
        var holder = ReadPid(pidFile);
        try
        {
            output.WriteLine($"returned after {clock.Elapsed.TotalSeconds:F2} s; the grandchild holding the pipes was alive: {IsAlive(holder)}");
            Assert.True(IsAlive(holder), "the grandchild should still hold the pipes when the result comes back");
            Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed}");
            Assert.Equal(0, result.ExitCode);
            // Lines a grandchild writes within the grace are kept, as the old runner kept them.
            Assert.Equal("early\nlate\n", result.StandardOutput);
            Assert.Equal("late-err\n", result.StandardError);
        }
        finally
        {
            await KillAsync(holder);
        }
    }

    [Fact]
    public async Task A_timeout_returns_promptly_even_when_a_detached_grandchild_outside_the_tree_holds_the_pipes()
    {
        var pidFile = TempFile("detached");
        // The subshell exits at once, so its sleep is adopted by init and the tree kill cannot reach it.
        var script = $"(sleep 30 & echo $! > {pidFile}); echo before; sleep 300";
        var clock = Stopwatch.StartNew();

        var result = await new ExternalCommand("bash").WithArguments("-c", script).WithTimeout(TimeSpan.FromSeconds(1)).ExecuteAsync();

        clock.Stop();
        var holder = ReadPid(pidFile);
        try
        {
            output.WriteLine($"timed out and returned after {clock.Elapsed.TotalSeconds:F2} s; detached holder alive: {IsAlive(holder)}");
            Assert.True(result.TimedOut);
            Assert.Contains("before", result.StandardOutput);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1) + Prompt, $"took {clock.Elapsed}");
        }
        finally
        {
            await KillAsync(holder);
        }
    }

    [Fact]
    public async Task A_program_that_exits_by_itself_keeps_its_exit_code_when_the_timeout_passes_while_held_pipes_drain()
    {
        var pidFile = TempFile("drain");
        // Exits at once with 4; the holder keeps the pipes for the whole grace, and the 1 s timeout passes inside it.
        var script = $"{{ exec sleep 30; }} & echo $! > {pidFile}; exit 4";

        var result = await new ExternalCommand("bash").WithArguments("-c", script).WithTimeout(TimeSpan.FromSeconds(1)).ExecuteAsync();

        var holder = ReadPid(pidFile);
        try
        {
            output.WriteLine($"returned after {result.Duration.TotalSeconds:F2} s with exit code {result.ExitCode}");
            Assert.False(result.TimedOut);
            Assert.Equal(4, result.ExitCode);
            Assert.True(result.Duration > TimeSpan.FromSeconds(1), "the holder should have kept the pipes past the timeout");
        }
        finally
        {
            await KillAsync(holder);
        }
    }

    [Fact]
    public async Task A_real_dotnet_build_with_build_servers_enabled_returns_without_waiting_for_the_servers()
    {
        var project = Directory.CreateTempSubdirectory("ciagent-servers-").FullName;
        File.WriteAllText(Path.Combine(project, "Tiny.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Tiny.cs"), "public static class Tiny { public static int One => 1; }\n");
        // Servers inherit the environment, so this marker finds exactly the ones this run started; the salt and
        // the compilation id keep this run from reusing servers someone else started, which would hold other pipes.
        var run = Guid.NewGuid().ToString("N");
        var marker = $"CIAGENT_PIPE_TEST={run}";
        var command = new ExternalCommand("dotnet")
            .WithArguments("build", "-nodeReuse:true", "-p:UseSharedCompilation=true", $"-p:SharedCompilationId=ciagent-{run}", "-tl:off", "-nologo")
            .WithWorkingDirectory(project)
            .WithEnvironmentVariable("MSBUILDDISABLENODEREUSE", null)
            .WithEnvironmentVariable("DOTNET_CLI_USE_MSBUILD_SERVER", "1")
            .WithEnvironmentVariable("UseSharedCompilation", "true")
            .WithEnvironmentVariable("MSBUILDNODEHANDSHAKESALT", run)
            .WithEnvironmentVariable(marker.Split('=')[0], marker.Split('=')[1])
            .WithTimeout(TimeSpan.FromMinutes(5));

        var result = await command.ExecuteAsync();

        var servers = ProcessesCarrying(marker);
        try
        {
            output.WriteLine($"dotnet build took {result.Duration.TotalSeconds:F2} s; servers it started still running after it: {string.Join(", ", servers.Select(Describe))}");
            Assert.True(result.Succeeded, result.StandardOutput + result.StandardError);
            // MSBuild's server and the compiler server idle for minutes; had we waited on them, the run would have too.
            Assert.NotEmpty(servers);
            Assert.True(result.Duration < TimeSpan.FromMinutes(2), $"took {result.Duration}");
        }
        finally
        {
            foreach (var server in servers)
            {
                await KillAsync(server);
            }

            Directory.Delete(project, recursive: true);
        }
    }

    private static string Describe(int pid)
    {
        var arguments = File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Split('\0') : [];
        return $"{pid} {string.Join(' ', arguments.Where(a => a.Contains("VBCSCompiler") || a.StartsWith("/nodemode", StringComparison.Ordinal)).Select(Path.GetFileName))}";
    }

    private static string TempFile(string name) => Path.Combine(Path.GetTempPath(), $"ciagent-{name}-{Guid.NewGuid():N}.pid");

    private static int ReadPid(string file) => int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z";

    private static List<int> ProcessesCarrying(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(marker))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone since the listing, or not ours to read.
            }
        }

        return found;
    }

    private static Task KillAsync(int pid) => new ExternalCommand("kill").WithArguments("-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExecuteAsync();
}
