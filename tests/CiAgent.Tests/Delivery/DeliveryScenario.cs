using CiAgent.Kernel;
using CiAgent.Outputs.Delivery;
using CiAgent.Tests.Workspace;
using CiAgent.Workspace;

namespace CiAgent.Tests.Delivery;

/// <summary>A repository on main with a bare origin that has main, a fix commit on top, a CI environment and an output folder.</summary>
internal sealed class DeliveryScenario : IDisposable
{
    /// <summary>The token every scenario hands out; tests look for it where it must never appear.</summary>
    public const string Token = "ghs_SECRETtoken1234567890abcdef";

    private DeliveryScenario(ScratchRepository repo, string origin)
    {
        Repo = repo;
        Origin = origin;
        Scratch = ScratchRepository.NewTempDirectory();
        Output = Path.Combine(Scratch, "out");
    }

    /// <summary>A temp folder for extra clones, removed with the scenario.</summary>
    public string Scratch { get; }

    /// <summary>The work tree.</summary>
    public ScratchRepository Repo { get; }

    /// <summary>The bare repository that is origin.</summary>
    public string Origin { get; }

    /// <summary>The output folder given to delivery.</summary>
    public string Output { get; }

    /// <summary>The CI environment delivery reads.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The sha of the fix commit.</summary>
    public string FixCommit { get; private set; } = "";

    /// <summary>Creates the repository, pushes main to a fresh bare origin and commits a fix on top of it.</summary>
    public static DeliveryScenario Create()
    {
        var repo = ScratchRepository.Create(files: new Dictionary<string, byte[]> { ["src/App.cs"] = "class App { }\n"u8.ToArray() });
        var origin = repo.CreateBareRemote();
        repo.Git("remote", "add", "origin", origin);
        repo.Git("push", "-q", "origin", "main");
        var scenario = new DeliveryScenario(repo, origin);
        repo.Write("src/App.cs", "class App { static void Main() { } }\n");
        repo.Git("commit", "-q", "-am", "Fix CS5001: add an entry point");
        scenario.FixCommit = repo.Git("rev-parse", "HEAD").Trim();
        return scenario;
    }

    /// <summary>Sets the variables GitHub Actions would for a push build of main, with the API on the fake.</summary>
    public DeliveryScenario OnGitHub(string apiUrl, string? token = Token)
    {
        Environment["GITHUB_ACTIONS"] = "true";
        Environment["GITHUB_REPOSITORY"] = "octo/widgets";
        Environment["GITHUB_API_URL"] = apiUrl;
        Environment["GITHUB_SERVER_URL"] = "https://github.example";
        Environment["GITHUB_RUN_ID"] = "42";
        Environment["GITHUB_REF"] = "refs/heads/main";
        Environment["GITHUB_REF_NAME"] = "main";
        Environment["GITHUB_TOKEN"] = token;
        return this;
    }

    /// <summary>Sets the variables Azure Pipelines would for a CI build of main, with the collection on the fake.</summary>
    public DeliveryScenario OnAzureDevOps(string serverUrl, string? token = Token)
    {
        Environment["TF_BUILD"] = "True";
        Environment["SYSTEM_COLLECTIONURI"] = $"{serverUrl}/contoso/";
        Environment["SYSTEM_TEAMPROJECT"] = "Fabrikam App";
        Environment["BUILD_REPOSITORY_ID"] = "3b9c1d2e-0000-4000-8000-000000000001";
        Environment["BUILD_REPOSITORY_NAME"] = "widgets";
        Environment["BUILD_BUILDID"] = "77";
        Environment["BUILD_SOURCEBRANCH"] = "refs/heads/main";
        Environment["SYSTEM_ACCESSTOKEN"] = token;
        return this;
    }

    /// <summary>Opens the repository the way CiAgent does.</summary>
    public Task<GitRepository> OpenAsync() => Repo.OpenAsync();

    /// <summary>Runs preflight for the mode against this repository and environment.</summary>
    public async Task<DeliveryPlan> PlanAsync(CommitMode mode) =>
        await DeliveryPlan.PrepareAsync(mode, await OpenAsync(), name => Environment.GetValueOrDefault(name));

    /// <summary>Plans and delivers with the given summary.</summary>
    public async Task<DeliveryResult> DeliverAsync(CommitMode mode, string summary = "## Healed\n\nOne fix.\n")
    {
        var plan = await PlanAsync(mode);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return await new Deliverer(await OpenAsync(), http).DeliverAsync(plan, summary, Output);
    }

    /// <summary>Where origin's branch points, or null when it has no such branch.</summary>
    public string? OriginBranch(string branch)
    {
        var listed = Repo.GitIn(Origin, "for-each-ref", "--format=%(objectname)", $"refs/heads/{branch}").Trim();
        return listed.Length == 0 ? null : listed;
    }

    /// <summary>Fails the test when the token shows up in any git config file of the clone or origin.</summary>
    public void AssertTokenNotStored()
    {
        foreach (var config in new[] { Path.Combine(Repo.Root, ".git", "config"), Path.Combine(Origin, "config") })
        {
            Assert.DoesNotContain(Token, File.ReadAllText(config), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("extraheader", File.ReadAllText(Path.Combine(Repo.Root, ".git", "config")), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        Repo.Dispose();
        try
        {
            foreach (var file in Directory.EnumerateFiles(Scratch, "*", SearchOption.AllDirectories))
            {
                // git writes its objects read-only.
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test over.
        }
    }
}
