using CiAgent.Workspace;

namespace CiAgent.Tests.Workspace;

public sealed class GitRepositoryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_folder_outside_git_opens_as_null()
    {
        var folder = ScratchRepository.NewTempDirectory();
        try
        {
            var env = new Dictionary<string, string?> { ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(folder) };
            Assert.Null(await GitRepository.TryOpenAsync(folder, env, None));
            Assert.Null(await GitRepository.TryOpenAsync(Path.Combine(folder, "missing"), None));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task Opening_a_subfolder_finds_the_top_level_head_and_branch()
    {
        using var repo = ScratchRepository.Create();
        repo.Write("src/app/Program.cs", "class P {}\n");
        var git = await repo.OpenAsync(Path.Combine(repo.Root, "src", "app"));

        Assert.Equal(repo.Root, git.Root);
        Assert.Equal(repo.Git("rev-parse", "HEAD").Trim(), await git.GetHeadAsync(None));
        Assert.Equal("main", await git.GetCurrentBranchAsync(None));
        Assert.False(await git.IsShallowAsync(None));

        repo.Git("checkout", "-q", "--detach");
        Assert.Null(await git.GetCurrentBranchAsync(None));
    }

    [Fact]
    public async Task An_unborn_branch_has_no_head_but_a_name()
    {
        var folder = ScratchRepository.NewTempDirectory();
        try
        {
            using var repo = ScratchRepository.Create();
            repo.GitIn(folder, "init", "-q", "-b", "trunk");
            var git = await GitRepository.TryOpenAsync(folder, repo.Environment, None);

            Assert.NotNull(git);
            Assert.Null(await git.GetHeadAsync(None));
            Assert.Equal("trunk", await git.GetCurrentBranchAsync(None));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task Dirty_paths_include_renames_spaces_and_untracked_files()
    {
        using var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]>
        {
            ["old name.txt"] = "rename me, I am long enough to be recognised\n"u8.ToArray(),
            ["keep.txt"] = "unchanged\n"u8.ToArray(),
            ["edit.txt"] = "before\n"u8.ToArray(),
            [".gitignore"] = "*.log\n"u8.ToArray(),
        });
        repo.Git("mv", "old name.txt", "new name.txt");
        repo.Write("edit.txt", "after\n");
        repo.Write("dir with space/ünïcode file.txt", "new\n");
        repo.Write("build.log", "ignored\n");
        var git = await repo.OpenAsync();

        var dirty = await git.GetDirtyPathsAsync(None);

        Assert.Equal(["dir with space/ünïcode file.txt", "edit.txt", "new name.txt", "old name.txt"], dirty);
    }

    [Fact]
    public async Task Listing_skips_ignored_and_deleted_files_and_keeps_untracked_ones()
    {
        using var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]>
        {
            ["a.txt"] = "a\n"u8.ToArray(),
            ["gone.txt"] = "g\n"u8.ToArray(),
            [".gitignore"] = "bin/\n"u8.ToArray(),
        });
        File.Delete(Path.Combine(repo.Root, "gone.txt"));
        repo.Write("bin/out.dll", "x");
        repo.Write("new/b.txt", "b");
        var git = await repo.OpenAsync();

        Assert.Equal([".gitignore", "a.txt", "new/b.txt"], await git.ListFilesAsync(None));
    }

    [Fact]
    public async Task Exclude_is_idempotent_and_reaches_the_common_directory_from_a_linked_worktree()
    {
        using var repo = ScratchRepository.Create();
        var worktree = Path.Combine(Path.GetDirectoryName(repo.Root)!, "linked");
        repo.Git("worktree", "add", "-q", worktree, "-b", "side");
        var git = await repo.OpenAsync(worktree);

        await git.ExcludeAsync(".ciagent/", None);
        await git.ExcludeAsync(".ciagent", None);
        File.WriteAllText(Path.Combine(worktree, "x.txt"), "x");
        Directory.CreateDirectory(Path.Combine(worktree, ".ciagent"));
        File.WriteAllText(Path.Combine(worktree, ".ciagent", "log.txt"), "log");

        var exclude = await File.ReadAllTextAsync(Path.Combine(repo.Root, ".git", "info", "exclude"));
        Assert.Single(exclude.Split('\n'), line => line == "/.ciagent");
        Assert.Equal(["x.txt"], await git.GetDirtyPathsAsync(None));
    }

    [Fact]
    public async Task A_missing_identity_is_supplied()
    {
        using var repo = ScratchRepository.Create(withIdentity: false);
        var git = await repo.OpenAsync();

        Assert.True(await git.EnsureIdentityAsync(None));
        Assert.False(await git.EnsureIdentityAsync(None));

        Assert.Equal("ciagent", repo.Git("config", "--local", "user.name").Trim());
        Assert.Equal("ciagent@users.noreply.github.com", repo.Git("config", "--local", "user.email").Trim());
        repo.Write("a.txt", "a");
        await git.CommitAsync(["a.txt"], "add a", None);
        Assert.Equal("ciagent <ciagent@users.noreply.github.com>", repo.Git("log", "-1", "--format=%an <%ae>").Trim());
    }

    [Fact]
    public async Task An_existing_identity_is_left_alone()
    {
        using var repo = ScratchRepository.Create();
        var git = await repo.OpenAsync();

        Assert.False(await git.EnsureIdentityAsync(None));
        Assert.Equal("Test User", repo.Git("config", "user.name").Trim());
    }

    [Fact]
    public async Task Committing_without_an_identity_says_how_to_set_one()
    {
        using var repo = ScratchRepository.Create(withIdentity: false);
        var git = await repo.OpenAsync();
        repo.Write("README.md", "changed\n");

        // Without a domain git would guess root@hostname; an empty EMAIL-less, hostname-less guess is what CI containers get.
        repo.Git("config", "user.useConfigOnly", "true");
        var error = await Assert.ThrowsAsync<GitException>(() => git.CommitAsync(["README.md"], "m", None));

        Assert.Contains("git config user.name", error.Message);
        Assert.Contains("commit", error.CommandLine);
    }

    [Fact]
    public async Task A_commit_contains_only_the_files_named()
    {
        using var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]>
        {
            ["fixed.cs"] = "broken\n"u8.ToArray(),
            ["obsolete.cs"] = "old\n"u8.ToArray(),
            ["user-staged.cs"] = "v1\n"u8.ToArray(),
            ["user-unstaged.cs"] = "v1\n"u8.ToArray(),
        });
        repo.Write("user-staged.cs", "v2 staged\n");
        repo.Git("add", "user-staged.cs");
        repo.Write("user-unstaged.cs", "v2 unstaged\n");
        repo.Write("user-untracked.txt", "mine\n");

        repo.Write("fixed.cs", "healed\n");
        repo.Write("src/New File.cs", "new\n");
        File.Delete(Path.Combine(repo.Root, "obsolete.cs"));
        var git = await repo.OpenAsync();

        var sha = await git.CommitAsync(["fixed.cs", "src/New File.cs", "obsolete.cs"], "Heal the build\n\n#42 was the cause", None);

        Assert.Equal(repo.Git("rev-parse", "HEAD").Trim(), sha);
        Assert.Equal("M\tfixed.cs\nD\tobsolete.cs\nA\tsrc/New File.cs\n", repo.Git("-c", "core.quotepath=off", "show", "--name-status", "--format=", sha));
        Assert.Equal("Heal the build\n\n#42 was the cause\n", repo.Git("log", "-1", "--format=%B").TrimEnd('\n') + "\n");
        Assert.Equal("M  user-staged.cs\n M user-unstaged.cs\n?? user-untracked.txt\n", repo.Git("status", "--porcelain"));
        Assert.Equal("v2 staged\n", repo.Git("show", ":user-staged.cs"));
    }

    [Fact]
    public async Task A_refused_commit_leaves_new_files_untracked_again()
    {
        using var repo = ScratchRepository.Create();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        File.WriteAllText(hook, "#!/bin/sh\necho refused by policy >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        repo.Write("new.cs", "new\n");
        repo.Write("README.md", "edited\n");
        var git = await repo.OpenAsync();

        var error = await Assert.ThrowsAsync<GitException>(() => git.CommitAsync(["new.cs", "README.md"], "m", None));

        Assert.Contains("refused by policy", error.StandardError);
        Assert.Equal(" M README.md\n?? new.cs\n", repo.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task A_locked_index_gives_a_message_that_says_what_to_do()
    {
        using var repo = ScratchRepository.Create();
        repo.Write("README.md", "changed\n");
        File.WriteAllText(Path.Combine(repo.Root, ".git", "index.lock"), string.Empty);
        var git = await repo.OpenAsync();

        var error = await Assert.ThrowsAsync<GitException>(() => git.CommitAsync(["README.md"], "m", None));

        Assert.Contains("index.lock", error.StandardError);
        Assert.Contains("Another git process seems to be running", error.Message);
        Assert.Contains("delete the index.lock file", error.Advice);
    }

    [Fact]
    public async Task A_diff_shows_new_files_and_leaves_the_index_alone()
    {
        using var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]>
        {
            ["a.txt"] = "one\n"u8.ToArray(),
            ["b.txt"] = "bee\n"u8.ToArray(),
        });
        repo.Write("a.txt", "two\n");
        repo.Write("b.txt", "staged\n");
        repo.Git("add", "b.txt");
        repo.Write("c dir/new.txt", "fresh\n");
        var git = await repo.OpenAsync();
        var indexBefore = File.ReadAllBytes(Path.Combine(repo.Root, ".git", "index"));

        var all = await git.DiffAsync(null, None);
        var some = await git.DiffAsync(["c dir/new.txt", "does/not/exist.txt"], None);

        Assert.Contains("-one\n+two\n", all);
        Assert.Contains("-bee\n+staged\n", all);
        Assert.Contains("+++ b/c dir/new.txt", all);
        Assert.Contains("+fresh\n", some);
        Assert.DoesNotContain("a.txt", some);
        Assert.Equal(indexBefore, File.ReadAllBytes(Path.Combine(repo.Root, ".git", "index")));
        Assert.Equal(" M a.txt\nM  b.txt\n?? c dir/new.txt\n", repo.Git("status", "--porcelain", "-uall", "--no-renames").Replace("\"", string.Empty));
    }

    [Fact]
    public async Task A_push_to_a_bare_repository_lands()
    {
        using var repo = ScratchRepository.Create();
        var remote = repo.CreateBareRemote();
        repo.Git("remote", "add", "origin", remote);
        var git = await repo.OpenAsync();

        var result = await git.PushAsync("origin", "HEAD:refs/heads/main", None);

        Assert.Equal(PushOutcome.Pushed, result.Outcome);
        Assert.Equal(repo.Git("rev-parse", "HEAD"), repo.GitIn(remote, "rev-parse", "main"));
    }

    [Fact]
    public async Task A_push_behind_the_remote_is_rejected_as_non_fast_forward()
    {
        using var repo = ScratchRepository.Create();
        var remote = repo.CreateBareRemote();
        repo.Git("remote", "add", "origin", remote);
        repo.Git("push", "-q", "origin", "main");
        var other = Path.Combine(Path.GetDirectoryName(repo.Root)!, "other");
        repo.GitIn(Path.GetDirectoryName(repo.Root)!, "clone", "-q", remote, other);
        File.WriteAllText(Path.Combine(other, "theirs.txt"), "theirs");
        repo.GitIn(other, "add", "-A");
        repo.GitIn(other, "-c", "user.name=O", "-c", "user.email=o@example.com", "commit", "-q", "-m", "theirs");
        repo.GitIn(other, "push", "-q", "origin", "main");

        repo.Write("ours.txt", "ours");
        var git = await repo.OpenAsync();
        await git.CommitAsync(["ours.txt"], "ours", None);
        var result = await git.PushAsync("origin", "HEAD:refs/heads/main", None);

        Assert.Equal(PushOutcome.RejectedNonFastForward, result.Outcome);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_push_to_a_missing_remote_fails_without_throwing()
    {
        using var repo = ScratchRepository.Create();
        var git = await repo.OpenAsync();

        var result = await git.PushAsync(Path.Combine(repo.Home, "nowhere.git"), "HEAD:refs/heads/main", None);

        Assert.Equal(PushOutcome.Failed, result.Outcome);
        Assert.NotEmpty(result.StandardError);
    }

    [Theory]
    [InlineData("remote: Permission to org/repo.git denied to bot.\nfatal: unable to access 'https://github.com/org/repo.git/': The requested URL returned error: 403", PushOutcome.PermissionDenied)]
    [InlineData("git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.", PushOutcome.PermissionDenied)]
    [InlineData("fatal: could not read Username for 'https://github.com': terminal prompts disabled", PushOutcome.PermissionDenied)]
    [InlineData("To ../r.git\n!\trefs/heads/main:refs/heads/main\t[rejected] (fetch first)\nDone", PushOutcome.RejectedNonFastForward)]
    [InlineData("To ../r.git\n!\trefs/heads/main:refs/heads/main\t[remote rejected] (pre-receive hook declined)\nDone", PushOutcome.RejectedByRemote)]
    [InlineData("fatal: unable to access 'https://example.invalid/': Could not resolve host", PushOutcome.Failed)]
    public void Push_failures_are_told_apart_by_what_git_printed(string output, PushOutcome expected) =>
        Assert.Equal(expected, PushResult.Classify(1, output, string.Empty));
}
