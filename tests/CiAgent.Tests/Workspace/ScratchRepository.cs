using System.Text;
using CiAgent.Processes;
using CiAgent.Workspace;

namespace CiAgent.Tests.Workspace;

/// <summary>A throw-away git repository in a temp folder, with a private HOME so the machine's git config cannot leak in.</summary>
internal sealed class ScratchRepository : IDisposable
{
    private readonly string _base;

    private ScratchRepository(string baseDirectory)
    {
        _base = baseDirectory;
        Root = Path.Combine(baseDirectory, "repo");
        Home = Path.Combine(baseDirectory, "home");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Home);
        Environment = new Dictionary<string, string?>
        {
            ["HOME"] = Home,
            ["XDG_CONFIG_HOME"] = Home,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = null,
            ["GIT_AUTHOR_NAME"] = null,
            ["GIT_AUTHOR_EMAIL"] = null,
            ["GIT_COMMITTER_NAME"] = null,
            ["GIT_COMMITTER_EMAIL"] = null,
            ["EMAIL"] = null,
        };
    }

    /// <summary>The work tree.</summary>
    public string Root { get; }

    /// <summary>The empty HOME every git run sees.</summary>
    public string Home { get; }

    /// <summary>The environment overrides that isolate git from the machine's configuration.</summary>
    public Dictionary<string, string?> Environment { get; }

    /// <summary>Creates a repository on branch main with one commit holding the given files (a README when none).</summary>
    public static ScratchRepository Create(bool withIdentity = true, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        var repo = new ScratchRepository(NewTempDirectory());
        repo.Git("init", "-q", "-b", "main");
        if (withIdentity)
        {
            repo.Git("config", "user.name", "Test User");
            repo.Git("config", "user.email", "test@example.com");
        }

        foreach (var (path, content) in files ?? new Dictionary<string, byte[]> { ["README.md"] = "# hello\n"u8.ToArray() })
        {
            repo.Write(path, content);
        }

        repo.Git("add", "-A");
        repo.Git("-c", "user.name=Seed", "-c", "user.email=seed@example.com", "commit", "-q", "-m", "initial");
        return repo;
    }

    /// <summary>Creates an empty temp directory that the caller owns.</summary>
    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "ciagent-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Opens the repository the way CiAgent does, with the isolating environment.</summary>
    public async Task<GitRepository> OpenAsync(string? directory = null) =>
        await GitRepository.TryOpenAsync(directory ?? Root, Environment, CancellationToken.None) ?? throw new InvalidOperationException("not a repository");

    /// <summary>Runs git in the given directory (the work tree by default), fails the test when it fails, and returns its output.</summary>
    public string Git(params string[] args) => GitIn(Root, args);

    /// <summary>Runs git in a given directory with the isolating environment.</summary>
    public string GitIn(string directory, params string[] args)
    {
        var result = new ExternalCommand("git").WithArguments(args).WithWorkingDirectory(directory).WithEnvironmentVariables(Environment)
            .ExecuteAsync().GetAwaiter().GetResult();
        Assert.True(result.Succeeded, $"git {string.Join(' ', args)} failed: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>Writes bytes to a root-relative path, creating its directories.</summary>
    public void Write(string path, byte[] content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    /// <summary>Writes UTF-8 text without a byte-order mark to a root-relative path.</summary>
    public void Write(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Reads the bytes at a root-relative path.</summary>
    public byte[] Read(string path) => File.ReadAllBytes(Path.Combine(Root, path));

    /// <summary>Makes a bare repository next to this one and returns its path.</summary>
    public string CreateBareRemote()
    {
        var bare = Path.Combine(_base, $"remote-{Guid.NewGuid():N}.git");
        Directory.CreateDirectory(bare);
        GitIn(bare, "init", "-q", "--bare", "-b", "main");
        return bare;
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(_base, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(_base, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test over.
        }
    }
}
