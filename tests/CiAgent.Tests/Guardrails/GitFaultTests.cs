using CiAgent.Tests.EndToEnd;

namespace CiAgent.Tests.Guardrails;

/// <summary>git refusing at the last step: the fix is ready but cannot be committed.</summary>
public sealed class GitFaultTests
{
    [Fact]
    public async Task A_locked_index_at_commit_time_is_exit_3_naming_index_lock_with_the_workspace_restored()
    {
        // A missing semicolon: the offline tier heals it, so the run reaches the commit.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Replace(GuardedWorkspace.RectangleFile, GuardedWorkspace.GoodLine, GuardedWorkspace.GoodLine.TrimEnd(';')));
        var before = repository.Fingerprint();
        var head = await repository.GitAsync("rev-parse", "HEAD");
        var lockFile = Path.Combine(repository.Root, ".git", "index.lock");
        File.WriteAllText(lockFile, "");

        var run = await CiAgentExecutable.HealAsync(repository.Root, ["--commit", "commit", .. GuardedWorkspace.Cheap]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("error", run.Report.GetProperty("status").GetString());
        Assert.Contains("index.lock", run.Report.GetProperty("reason").GetString());
        Assert.Equal(before, repository.Fingerprint());
        Assert.True(File.Exists(lockFile), "ciagent removed a lock it did not take.");
        File.Delete(lockFile);
        Assert.Equal(head, await repository.GitAsync("rev-parse", "HEAD"));
    }
}
