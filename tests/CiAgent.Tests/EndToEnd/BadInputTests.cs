namespace CiAgent.Tests.EndToEnd;

public sealed class BadInputTests
{
    [Fact]
    public async Task A_dirty_working_tree_is_refused_in_one_line_naming_the_files()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        repository.Write("scratch.txt", "work in progress");
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.HealAsync(repository.Root);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ciagent: error: The working tree has uncommitted changes (scratch.txt)", line);
        Assert.Contains("--allow-dirty", line);
        Assert.Equal(before, repository.Fingerprint());
    }

    [Fact]
    public async Task Several_solutions_without_a_target_are_a_clear_error()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Write("Other.sln", r.Read("Geometry.sln")));

        var run = await CiAgentExecutable.HealAsync(repository.Root);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("ciagent: error: Several solutions or projects in the workspace root: Geometry.sln, Other.sln; pass --target to choose one.", run.Error.Trim());
    }

    [Fact]
    public async Task A_missing_workspace_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ciagent-no-such-workspace");

        var run = await CiAgentExecutable.RunAsync(Path.GetTempPath(), null, "heal", "--workspace", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"ciagent: error: The workspace '{missing}' does not exist; pass --workspace DIR.", run.Error.Trim());
    }

    [Theory]
    [InlineData("--commit", "sometimes")]
    [InlineData("--provider", "oracle")]
    public async Task An_unknown_option_value_is_one_line_and_exit_code_2(string option, string value)
    {
        var run = await CiAgentExecutable.RunAsync(Path.GetTempPath(), null, "heal", option, value);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ciagent: error: ", line);
        Assert.Contains(value, line);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task A_timeout_that_is_not_positive_is_refused(string minutes)
    {
        var run = await CiAgentExecutable.RunAsync(Path.GetTempPath(), null, "heal", "--timeout", minutes);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--timeout must be a positive number of minutes", run.Error);
    }

    [Fact]
    public async Task Commit_mode_in_a_folder_that_is_not_a_repository_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("ciagent-nogit-").FullName;
        File.WriteAllText(Path.Combine(folder, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var run = await CiAgentExecutable.HealAsync(folder, "--commit", "commit");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a git repository", run.Error);
        Assert.Equal(["App.csproj"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }
}
