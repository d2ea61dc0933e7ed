using System.Text;
using CiAgent.Tests.Strategies;
using CiAgent.Workspace;

namespace CiAgent.Tests.Workspace;

public sealed class WorkspaceSnapshotTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly byte[] Crlf = "line one\r\nline two\r\n"u8.ToArray();
    private static readonly byte[] Binary = [0, 1, 2, 255, 254, 0, 13, 10, 13, 0, 0x89, 0x50];
    private static readonly byte[] WithBom = [0xEF, 0xBB, 0xBF, .. "namespace Bom;\n"u8.ToArray()];

    private static ScratchRepository CreateProject() => ScratchRepository.Create(files: new Dictionary<string, byte[]>
    {
        [".gitignore"] = "bin/\nobj/\n*.log\n"u8.ToArray(),
        ["src/Crlf.cs"] = Crlf,
        ["assets/logo.bin"] = Binary,
        ["src/Bom.cs"] = WithBom,
        ["build.sh"] = "#!/bin/sh\necho build\n"u8.ToArray(),
        ["README.md"] = "# project\n"u8.ToArray(),
    });

    [Fact]
    public async Task A_failed_run_is_restored_byte_for_byte()
    {
        using var repo = CreateProject();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(repo.Root, "build.sh"), (UnixFileMode)Convert.ToInt32("755", 8));
        }

        repo.Git("add", "build.sh");
        repo.Git("commit", "-q", "-m", "executable");
        repo.Write("bin/Debug/app.dll", "ignored build output");
        repo.Write(".ciagent/state.json", "{}");
        var git = await repo.OpenAsync();
        var before = Capture(repo.Root);
        var statusBefore = repo.Git("status", "--porcelain", "--ignored");
        var snapshot = await WorkspaceSnapshot.CaptureAsync(repo.Root, git, [".ciagent"], None);

        // What a run that did not heal might leave behind.
        repo.Write("src/Crlf.cs", "line one\nchanged\n");
        repo.Write("src/Bom.cs", "namespace Bom; // no mark any more\n");
        File.Delete(Path.Combine(repo.Root, "assets/logo.bin"));
        File.Delete(Path.Combine(repo.Root, "build.sh"));
        repo.Write("src/Generated/Deep/New.cs", "class New {}\n");
        repo.Write("notes.txt", "agent notes");
        repo.Write("bin/Debug/app.dll", "rebuilt output");
        repo.Write("obj/project.assets.json", "{}");
        repo.Write(".ciagent/state.json", "{\"attempt\":2}");

        Assert.Equal(
            ["assets/logo.bin", "build.sh", "notes.txt", "src/Bom.cs", "src/Crlf.cs", "src/Generated/Deep/New.cs"],
            await snapshot.ChangedPathsAsync(None));

        var report = await snapshot.RestoreAsync(None);

        Assert.True(report.Succeeded, string.Join("; ", report.Failed));
        Assert.Equal(["assets/logo.bin", "build.sh", "src/Bom.cs", "src/Crlf.cs"], report.Rewritten);
        Assert.Equal(["notes.txt", "src/Generated/Deep/New.cs"], report.Deleted);
        Assert.Equal(["src/Generated", "src/Generated/Deep"], report.RemovedDirectories);
        Assert.Empty(await snapshot.ChangedPathsAsync(None));

        var after = Capture(repo.Root);
        Assert.Equal(Without(before, "bin/", ".ciagent/"), Without(after, "bin/", "obj/", ".ciagent/"));
        Assert.Equal(Crlf, repo.Read("src/Crlf.cs"));
        Assert.Equal(Binary, repo.Read("assets/logo.bin"));
        Assert.Equal(WithBom, repo.Read("src/Bom.cs"));
        Assert.True(OperatingSystem.IsWindows() || ModeOf(Path.Combine(repo.Root, "build.sh")).HasFlag(UnixFileMode.UserExecute));

        // Ignored and excluded files are the build's and CiAgent's own business.
        Assert.Equal("rebuilt output", File.ReadAllText(Path.Combine(repo.Root, "bin/Debug/app.dll")));
        Assert.Equal("{\"attempt\":2}", File.ReadAllText(Path.Combine(repo.Root, ".ciagent/state.json")));
        Assert.Equal(statusBefore + "!! obj/\n", repo.Git("status", "--porcelain", "--ignored"));
    }

    [Fact]
    public async Task Pre_existing_user_changes_survive_a_restore()
    {
        using var repo = CreateProject();
        repo.Write("README.md", "# project\nstaged by the user\n");
        repo.Git("add", "README.md");
        repo.Write("README.md", "# project\nstaged by the user\nand more, unstaged\n");
        repo.Write("src/Crlf.cs", "user edit\r\n");
        repo.Write("scratch/user-notes.md", "my own untracked notes\n");
        repo.Write("todo.txt", "untracked at the root\n");
        var git = await repo.OpenAsync();
        var before = Capture(repo.Root);
        var statusBefore = repo.Git("status", "--porcelain");
        var stagedBefore = repo.Git("diff", "--cached");
        var snapshot = await WorkspaceSnapshot.CaptureAsync(repo.Root, git, [], None);

        repo.Write("README.md", "overwritten by the agent\n");
        repo.Write("src/Crlf.cs", "agent edit\n");
        File.Delete(Path.Combine(repo.Root, "scratch/user-notes.md"));
        repo.Write("todo.txt", "agent took over\n");

        var report = await snapshot.RestoreAsync(None);

        Assert.True(report.Succeeded, string.Join("; ", report.Failed));
        Assert.Equal(before, Capture(repo.Root));
        Assert.Equal(statusBefore, repo.Git("status", "--porcelain"));
        Assert.Equal(stagedBefore, repo.Git("diff", "--cached"));
        Assert.True(snapshot.TryGetOriginal("scratch/user-notes.md", out var notes));
        Assert.Equal("my own untracked notes\n", Encoding.UTF8.GetString(notes));
    }

    [Fact]
    public async Task A_clean_file_that_checkout_would_convert_comes_back_from_its_kept_bytes()
    {
        using var repo = CreateProject();

        // The file is on disk with LF, but a later autocrlf setting would make a checkout write CRLF.
        repo.Git("config", "core.autocrlf", "true");
        var git = await repo.OpenAsync();
        var snapshot = await WorkspaceSnapshot.CaptureAsync(repo.Root, git, [], None);
        var original = repo.Read("README.md");

        repo.Write("README.md", "agent edit\n");
        var report = await snapshot.RestoreAsync(None);

        Assert.True(report.Succeeded, string.Join("; ", report.Failed));
        Assert.Equal(original, repo.Read("README.md"));
    }

    [Fact]
    public async Task A_large_clean_file_comes_back_from_head()
    {
        var large = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef\n", 100_000)));
        using var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]> { ["data/large.txt"] = large });
        var git = await repo.OpenAsync();
        var snapshot = await WorkspaceSnapshot.CaptureAsync(repo.Root, git, [], None);
        Assert.False(snapshot.TryGetOriginal("data/large.txt", out _));
        Assert.True(snapshot.IsComplete);

        File.Delete(Path.Combine(repo.Root, "data/large.txt"));
        var report = await snapshot.RestoreAsync(None);

        Assert.True(report.Succeeded, string.Join("; ", report.Failed));
        Assert.Equal(["data/large.txt"], report.Rewritten);
        Assert.Equal(large, repo.Read("data/large.txt"));
    }

    [Fact]
    public async Task A_file_over_the_byte_limit_that_git_cannot_give_back_is_reported()
    {
        using var repo = CreateProject();
        repo.Write("untracked-big.txt", new string('x', 500));
        var git = await repo.OpenAsync();
        var snapshot = await WorkspaceSnapshot.CaptureAsync(repo.Root, git, [], keptBytesLimit: 100, None);

        Assert.Equal(["untracked-big.txt"], snapshot.Unprotected);
        repo.Write("untracked-big.txt", "shrunk");
        var report = await snapshot.RestoreAsync(None);

        Assert.False(report.Succeeded);
        Assert.Equal("untracked-big.txt", Assert.Single(report.Failed).Path);
    }

    [Fact]
    public async Task A_snapshot_of_a_subfolder_covers_only_that_subfolder()
    {
        using var repo = CreateProject();
        var root = Path.Combine(repo.Root, "src");
        var git = await repo.OpenAsync(root);
        var snapshot = await WorkspaceSnapshot.CaptureAsync(root, git, [], None);
        Assert.Equal(["Bom.cs", "Crlf.cs"], snapshot.Paths.Order(StringComparer.Ordinal));

        repo.Write("src/Crlf.cs", "x");
        repo.Write("src/Extra/Added.cs", "y");
        repo.Write("README.md", "outside the snapshot");

        Assert.Equal(["Crlf.cs", "Extra/Added.cs"], await snapshot.ChangedPathsAsync(None));
        var report = await snapshot.RestoreAsync(None);
        Assert.True(report.Succeeded, string.Join("; ", report.Failed));
        Assert.Equal(Crlf, repo.Read("src/Crlf.cs"));
        Assert.False(Directory.Exists(Path.Combine(root, "Extra")));
        Assert.Equal("outside the snapshot", File.ReadAllText(Path.Combine(repo.Root, "README.md")));
    }

    [Fact]
    public async Task A_folder_outside_git_is_restored_byte_for_byte()
    {
        var root = ScratchRepository.NewTempDirectory();
        try
        {
            Write(root, "App.csproj", "<Project />\r\n");
            Write(root, "src/Bom.cs", WithBom);
            Write(root, "assets/logo.bin", Binary);
            Write(root, "bin/Debug/app.dll", "old output");
            Directory.CreateDirectory(Path.Combine(root, "empty-but-mine"));
            var before = Capture(root);
            var snapshot = await WorkspaceSnapshot.CaptureAsync(root, null, [".ciagent"], None);
            Assert.Equal(["App.csproj", "assets/logo.bin", "src/Bom.cs"], snapshot.Paths.Order(StringComparer.Ordinal));

            Write(root, "App.csproj", "<Project Sdk=\"x\" />\n");
            File.Delete(Path.Combine(root, "src/Bom.cs"));
            Write(root, "empty-but-mine/new.cs", "new");
            Write(root, "brand/new/dir/file.cs", "new");
            Write(root, "bin/Debug/app.dll", "new output");
            Write(root, "obj/x.json", "{}");
            Write(root, ".ciagent/log.txt", "log");

            var report = await snapshot.RestoreAsync(None);

            Assert.True(report.Succeeded, string.Join("; ", report.Failed));
            Assert.Equal(["brand", "brand/new", "brand/new/dir"], report.RemovedDirectories);
            Assert.True(Directory.Exists(Path.Combine(root, "empty-but-mine")));
            Assert.Equal(Without(before, "bin/"), Without(Capture(root), "bin/", "obj/", ".ciagent/"));
            Assert.Equal("new output", File.ReadAllText(Path.Combine(root, "bin/Debug/app.dll")));
            Assert.True(File.Exists(Path.Combine(root, ".ciagent/log.txt")));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public async Task A_restored_gitignore_brings_back_files_it_had_hidden()
    {
        using var repo = CreateProject();
        var git = await repo.OpenAsync();
        var snapshot = await WorkspaceSnapshot.CaptureAsync(repo.Root, git, [], None);

        // The run stops ignoring *.log and writes one: only after .gitignore is back is it ignored again, and then left alone.
        repo.Write(".gitignore", "bin/\nobj/\n");
        repo.Write("debug.log", "log");
        repo.Write("new.cs", "x");
        var report = await snapshot.RestoreAsync(None);

        Assert.True(report.Succeeded, string.Join("; ", report.Failed));
        Assert.Equal([".gitignore"], report.Rewritten);
        Assert.Contains("new.cs", report.Deleted);
        Assert.Equal(string.Empty, repo.Git("status", "--porcelain"));
    }

    private static void Write(string root, string path, string text) => Write(root, path, Encoding.UTF8.GetBytes(text));

    private static void Write(string root, string path, byte[] content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    /// <summary>Every file and directory under the root except .git, as path → content (directories as "&lt;dir&gt;"), plus file modes.</summary>
    private static SortedDictionary<string, string> Capture(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            if (relative == ".git" || relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                continue;
            }

            result[relative] = entry is DirectoryInfo
                ? "<dir>"
                : $"{ModeOf(entry.FullName)}:{Convert.ToHexString(File.ReadAllBytes(entry.FullName))}";
        }

        return result;
    }

    private static UnixFileMode ModeOf(string path) => OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);

    private static SortedDictionary<string, string> Without(SortedDictionary<string, string> tree, params string[] prefixes) =>
        new(tree.Where(e => !prefixes.Any(p => e.Key.StartsWith(p, StringComparison.Ordinal) || e.Key + "/" == p))
            .ToDictionary(e => e.Key, e => e.Value), StringComparer.Ordinal);
}
