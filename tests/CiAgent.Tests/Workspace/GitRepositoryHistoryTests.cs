namespace CiAgent.Tests.Workspace;

public sealed class GitRepositoryHistoryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_file_is_read_as_it_was_at_a_revision_and_a_file_or_revision_that_is_not_there_reads_as_null()
    {
        using var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]> { ["src/A.cs"] = "class A {}\n"u8.ToArray() });
        repo.Write("src/A.cs", "class B {}\n");
        repo.Git("commit", "-q", "-am", "B");
        var git = await repo.OpenAsync();

        Assert.Equal("class A {}", (await git.ShowFileAsync("HEAD^1", "src/A.cs", None))?.TrimEnd());
        Assert.Equal("class B {}", (await git.ShowFileAsync("HEAD", "src/A.cs", None))?.TrimEnd());
        Assert.Null(await git.ShowFileAsync("HEAD", "src/Missing.cs", None));
        Assert.Null(await git.ShowFileAsync("HEAD~5", "src/A.cs", None));
    }

    [Fact]
    public async Task The_files_head_changed_are_listed_and_a_root_commit_lists_none()
    {
        using var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]> { ["a b.cs"] = "class A {}\n"u8.ToArray(), ["C.cs"] = "class C {}\n"u8.ToArray() });
        var git = await repo.OpenAsync();
        Assert.Null(await git.ListChangedByHeadAsync(None));

        repo.Write("a b.cs", "class B {}\n");
        repo.Write("D.cs", "class D {}\n");
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "B and D");

        Assert.Equal(["D.cs", "a b.cs"], await git.ListChangedByHeadAsync(None));
    }
}
