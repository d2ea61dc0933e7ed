using CiAgent.Processes;

namespace CiAgent.Tests.EndToEnd;

public sealed class PushThroughCliTests
{
    [Fact]
    public async Task Commit_push_sends_the_fix_to_the_checked_out_branch_and_writes_the_patch()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));
        var origin = Directory.CreateTempSubdirectory("ciagent-origin-").FullName;
        await new ExternalCommand("git").WithArguments("init", "--bare", "--quiet", origin).ExecuteAsync();
        await repository.GitAsync("remote", "add", "origin", origin);
        await repository.GitAsync("push", "--quiet", "origin", "main");

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "push", "--no-tests");

        Assert.True(run.ExitCode == 0, run.ToString());
        var commit = run.Report.GetProperty("commit").GetString();
        var remoteHead = await new ExternalCommand("git").WithArguments("--git-dir", origin, "rev-parse", "main").ExecuteAsync();
        Assert.Equal(commit, remoteHead.StandardOutput.Trim());
        var patch = File.ReadAllText(Path.Combine(run.OutputDirectory, "fix.patch"));
        Assert.Contains("+using System.Text;", patch);
        Assert.Contains("Subject: [PATCH] ciagent: fix CS0246 in ShapeTable.cs", patch);
    }

    [Fact]
    public async Task Commit_push_on_a_detached_head_is_refused_before_any_work()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace("src/Geometry/ShapeTable.cs", "using System.Text;\n", ""));
        await repository.GitAsync("checkout", "--quiet", "--detach");
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "push");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("ciagent: error: --commit push needs a checked-out branch; HEAD is detached", run.Error.Trim());
        Assert.Equal(before, repository.Fingerprint());
    }
}
