using CiAgent.Tests.EndToEnd;

namespace CiAgent.Tests.Guardrails;

/// <summary>Bad input is exit code 2 and exactly one `ciagent: error:` line on stderr, with the workspace exactly as it was (cases BadInputTests does not cover).</summary>
public sealed class BadInputGuardrailTests
{
    [Theory]
    [InlineData("--max-cost", "0", "--max-cost")]
    [InlineData("--max-cost", "abc", "abc")]
    [InlineData("--max-model-calls", "-1", "--max-model-calls")]
    [InlineData("--timeout", "abc", "abc")]
    public async Task A_bad_number_is_one_line_exit_2_and_nothing_touched(string option, string value, string named)
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root, option, value);

        AssertRefused(run, repository, before, named);
    }

    [Theory]
    [InlineData("provider: oracle\n", "oracle")]
    [InlineData("limits:\n  maxModelCalls: 3\n  maxCoffees: 2\n", "maxCoffees")]
    [InlineData("provider: [openai\nmodel: gpt\n", ".ciagent.yml")]
    public async Task A_malformed_ciagent_yml_is_one_line_exit_2_and_nothing_touched(string yaml, string named)
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Write(".ciagent.yml", yaml));
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root);

        AssertRefused(run, repository, before, named);
    }

    [Fact]
    public async Task A_workspace_that_is_a_file_is_one_line_exit_2_and_the_file_is_untouched()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var before = repository.Fingerprint();
        var file = Path.Combine(repository.Root, "Geometry.sln");

        var run = await CiAgentExecutable.RunAsync(repository.Root, null, "heal", "--workspace", file, "--provider", "none");

        AssertRefused(run, repository, before, "is a file, not a directory");
    }

    [NotAsRootFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_unreadable_workspace_is_one_line_exit_2()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var before = repository.Fingerprint();
        File.SetUnixFileMode(repository.Root, UnixFileMode.None);
        try
        {
            var run = await CiAgentExecutable.RunAsync(Path.GetTempPath(), null, "heal", "--workspace", repository.Root, "--provider", "none");

            File.SetUnixFileMode(repository.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            AssertRefused(run, repository, before, repository.Root);
        }
        finally
        {
            File.SetUnixFileMode(repository.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task Push_from_a_detached_HEAD_is_one_line_exit_2_and_nothing_touched()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        await repository.GitAsync("remote", "add", "origin", "https://github.com/octo/geometry.git");
        await repository.GitAsync("checkout", "--quiet", "--detach", "HEAD");
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root, "--commit", "push");

        AssertRefused(run, repository, before, "HEAD is detached");
    }

    [Fact]
    public async Task A_pull_request_without_a_token_is_one_line_exit_2_naming_the_variable()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        await repository.GitAsync("remote", "add", "origin", "https://github.com/octo/geometry.git");
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.RunAsync(
            repository.Root,
            new Dictionary<string, string?> { ["GITHUB_REPOSITORY"] = "octo/geometry", ["GITHUB_SERVER_URL"] = "https://github.com" },
            "heal", "--workspace", repository.Root, "--provider", "none", "--commit", "pull-request");

        AssertRefused(run, repository, before, "GITHUB_TOKEN");
    }

    private static void AssertRefused(CiAgentRun run, FixtureRepository repository, IReadOnlyDictionary<string, string> before, string named)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(GuardedWorkspace.Lines(run.Error));
        Assert.StartsWith("ciagent: error: ", line);
        Assert.Contains(named, line);
        Assert.Equal(before, repository.Fingerprint());
        Assert.False(Directory.Exists(Path.Combine(repository.Root, ".ciagent")), "A refused run created .ciagent/ in the workspace.");
    }
}

/// <summary>A fact skipped when the tests run as root, for whom file permissions do not bite.</summary>
public sealed class NotAsRootFactAttribute : FactAttribute
{
    public NotAsRootFactAttribute()
    {
        if (IsRoot())
        {
            Skip = "Running as root: a directory without read permission is still readable, so an unreadable workspace cannot be made here.";
        }
    }

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) == "0";
}
