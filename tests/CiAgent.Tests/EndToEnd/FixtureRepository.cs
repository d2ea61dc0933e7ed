using System.Security.Cryptography;
using CiAgent.Processes;

namespace CiAgent.Tests.EndToEnd;

/// <summary>A temporary git repository made from a fixture solution, deleted when disposed.</summary>
internal sealed class FixtureRepository : IDisposable
{
    private static readonly string[] Unwatched = [".git", "bin", "obj", ".ciagent"];

    private FixtureRepository(string root) => Root = root;

    /// <summary>The repository's root folder.</summary>
    public string Root { get; }

    /// <summary>Copies a fixture ("Geometry", or "demo" for the bundled demo), lets the test break it, and commits the result.</summary>
    public static async Task<FixtureRepository> CreateAsync(string fixture, Action<FixtureRepository>? breakIt = null)
    {
        var source = fixture == "demo"
            ? Path.Combine(TestPaths.RepositoryRoot, "src", "CiAgent.Cli", "DemoSolution")
            : Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", fixture);
        var root = Path.Combine(Path.GetTempPath(), "ciagent-e2e", $"{fixture}-{Guid.NewGuid():N}"[..(fixture.Length + 9)]);
        Copy(source, root);
        var repository = new FixtureRepository(root);
        breakIt?.Invoke(repository);
        await repository.GitAsync("init", "--quiet", "--initial-branch=main");
        await repository.GitAsync("add", "--all");
        await repository.GitAsync("commit", "--quiet", "-m", "Fixture as the developer left it");
        return repository;
    }

    /// <summary>Reads a file as text.</summary>
    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Writes a file as UTF-8 text.</summary>
    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Replaces text that must occur in the file.</summary>
    public void Replace(string relative, string oldText, string newText)
    {
        var text = Read(relative);
        Assert.Contains(oldText, text);
        Write(relative, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    /// <summary>Runs git in the repository with a fixed identity and returns its standard output.</summary>
    public async Task<string> GitAsync(params string[] arguments)
    {
        var result = await new ExternalCommand("git")
            .WithArguments(["-c", "user.name=Fixture Author", "-c", "user.email=fixture@example.com", .. arguments])
            .WithWorkingDirectory(Root)
            .ExecuteAsync();
        Assert.True(result.Succeeded, $"git {string.Join(' ', arguments)} failed: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>The SHA-256 of every file a user would see (build outputs and git internals aside), by relative path.</summary>
    public IReadOnlyDictionary<string, string> Fingerprint() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(relative => !relative.Split('/').Any(part => Unwatched.Contains(part)))
            .ToDictionary(relative => relative, relative => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(Root, relative)))));

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned eventually.
        }
    }

    private static void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
