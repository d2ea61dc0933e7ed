using CiAgent.Workspace;

namespace CiAgent.Tests.Workspace;

/// <summary>The git questions asked before the first build, each asked once: the listing in one process, info/exclude located by the opening rev-parse.</summary>
public sealed class GitStartupTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_listing_keeps_skip_worktree_files_and_leaves_out_deleted_ones()
    {
        using var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]>
        {
            ["a.txt"] = "a\n"u8.ToArray(),
            ["b.txt"] = "b\n"u8.ToArray(),
            ["gone.txt"] = "g\n"u8.ToArray(),
        });
        repo.Git("update-index", "--skip-worktree", "a.txt");
        File.Delete(Path.Combine(repo.Root, "gone.txt"));
        repo.Write("z/new.txt", "n");
        var git = await repo.OpenAsync();

        Assert.Equal(["a.txt", "b.txt", "z/new.txt"], await git.ListFilesAsync(None));
    }

    [Fact]
    public void A_tagged_listing_names_each_file_present_once()
    {
        // H cached, R removed from disk (also listed as H), M unmerged (once per stage), ? untracked, S skip-worktree.
        var listing = "H a\0H gone\0R gone\0M c\0M c\0M c\0? d\0S e\0";

        Assert.Equal(["a", "c", "d", "e"], GitRepository.ParseTaggedListing(listing));
    }

    [Fact]
    public async Task Excluding_from_a_subfolder_of_the_work_tree_reaches_its_info_exclude()
    {
        using var repo = ScratchRepository.Create();
        repo.Write("src/keep.txt", "k");
        repo.Git("add", "--all");
        repo.Git("commit", "-q", "-m", "src");
        var git = await repo.OpenAsync(Path.Combine(repo.Root, "src"));

        await git.ExcludeAsync(".ciagent/", None);

        var exclude = await File.ReadAllTextAsync(Path.Combine(repo.Root, ".git", "info", "exclude"));
        Assert.Single(exclude.Split('\n'), line => line.TrimEnd('/') == "/.ciagent");
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "src", ".git")));
    }
}
