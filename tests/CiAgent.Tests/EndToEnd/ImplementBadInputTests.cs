namespace CiAgent.Tests.EndToEnd;

public sealed class ImplementBadInputTests
{
    private const string SpecNeeded = "ciagent: error: implement needs --spec PATH (a Markdown file or a Spec Kit, OpenSpec or Kiro folder) or --spec-event FILE.";

    [Fact]
    public async Task Implement_without_a_spec_is_refused_in_one_line()
    {
        var run = await CiAgentExecutable.RunAsync(Path.GetTempPath(), null, "implement", "--provider", "openai");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(SpecNeeded, Assert.Single(Lines(run.Error)));
    }

    [Fact]
    public async Task Implement_with_both_a_spec_and_a_spec_event_is_refused_in_one_line()
    {
        var run = await CiAgentExecutable.RunAsync(Path.GetTempPath(), null, "implement", "--provider", "openai", "--spec", "spec.md", "--spec-event", "event.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(SpecNeeded, Assert.Single(Lines(run.Error)));
    }

    [Theory]
    [InlineData("--provider", "none")]
    [InlineData(null, null)]
    public async Task Implement_without_a_model_provider_is_refused_and_touches_nothing(string? option, string? value)
    {
        // Without --provider the provider is inferred from the keys present, and CiAgentExecutable clears them all.
        using var repository = await FixtureRepository.CreateAsync("Geometry", r => r.Write("specs/feature.md", "# Feature\n\n- It works.\n"));
        var before = repository.Fingerprint();

        var run = await CiAgentExecutable.RunAsync(
            repository.Root,
            null,
            ["implement", "--workspace", repository.Root, "--spec", "specs/feature.md", .. option is null ? Array.Empty<string>() : [option, value!]]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "ciagent: error: implement needs a model provider; pass --provider and set its API key (see 'ciagent implement --help').",
            Assert.Single(Lines(run.Error)));
        Assert.Equal(before, repository.Fingerprint());
        Assert.False(Directory.Exists(Path.Combine(repository.Root, ".ciagent")), "A refused run must not create its output folder in the workspace.");
    }

    [Theory]
    [InlineData("--on-ambiguity", "maybe", "maybe")]
    [InlineData("--max-review-rounds", "-1", "--max-review-rounds must be zero or more, not -1.")]
    public async Task An_implement_option_out_of_range_is_one_line_and_exit_code_2(string option, string value, string expected)
    {
        var run = await CiAgentExecutable.RunAsync(Path.GetTempPath(), null, "implement", "--provider", "openai", "--spec", "spec.md", option, value);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(Lines(run.Error));
        Assert.StartsWith("ciagent: error: ", line);
        Assert.Contains(expected, line);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
