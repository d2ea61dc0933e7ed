using CiAgent.Bench;

namespace CiAgent.Tests.Bench;

/// <summary>The benchmark manifest stays well-formed: every case breaks its fixture exactly as written and its true fix mends it.</summary>
public sealed class BenchCorpusTests
{
    private static readonly Corpus Corpus = Corpus.Load(BenchPaths.Manifest);

    /// <summary>Every case id, for the theories.</summary>
    public static TheoryData<string> CaseIds => [.. Corpus.Cases.Select(c => c.Id)];

    [Fact]
    public void The_corpus_has_two_dozen_unique_cases_over_three_fixtures_and_several_per_category()
    {
        Assert.True(Corpus.Cases.Count >= 24, $"{Corpus.Cases.Count} cases");
        Assert.Equal(Corpus.Cases.Count, Corpus.Cases.Select(c => c.Id).Distinct().Count());
        Assert.True(Corpus.Cases.Select(c => c.Fixture).Distinct().Count() >= 3);
        Assert.All(Corpus.Cases.GroupBy(c => c.Category), group => Assert.True(group.Count() >= 2, $"{group.Key} has {group.Count()} case(s)"));
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void A_case_mutation_applies_once_and_its_true_fix_applies_to_the_mutated_text(string id)
    {
        var benchCase = Corpus.Cases.Single(c => c.Id == id);
        Assert.Contains(benchCase.Expected, Outcomes.Expectable);
        Assert.False(string.IsNullOrWhiteSpace(benchCase.Description));
        Assert.NotEmpty(benchCase.Mutation);
        if (benchCase.NeedsModel)
        {
            Assert.NotNull(benchCase.DeclaredFix);
            Assert.NotEmpty(benchCase.LinesToShow);
        }

        var fixture = BenchPaths.Fixture(benchCase.Fixture);
        var files = benchCase.Mutation.Concat(benchCase.TrueFix).Select(e => e.File).Distinct().ToList();
        var original = files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(fixture, f)));
        var text = new Dictionary<string, string>(original);

        // ApplyTo throws unless the text to find occurs exactly once, so each step checks "exactly once" by itself.
        foreach (var edit in benchCase.Mutation)
        {
            text[edit.File] = edit.ApplyTo(text[edit.File]);
        }

        Assert.Contains(files, f => text[f] != original[f]);
        foreach (var edit in benchCase.TrueFix)
        {
            text[edit.File] = edit.ApplyTo(text[edit.File]);
        }

        if (benchCase.Restores)
        {
            Assert.All(files, f => Assert.Equal(original[f], text[f]));
        }
    }
}

/// <summary>One offline case through the benchmark's own case logic: the real executable on a fresh git copy.</summary>
public sealed class BenchOfflineCaseTests
{
    [Fact]
    public async Task A_missing_using_case_runs_end_to_end_and_heals_offline_without_a_model()
    {
        var benchCase = Corpus.Load(BenchPaths.Manifest).Cases.Single(c => c.Id == "ledger-using-bcl");
        var output = Path.Combine(Path.GetTempPath(), "ciagent-bench-tests", Guid.NewGuid().ToString("N")[..8]);

        var result = await new CaseRunner(output, measurePlain: false).RunAsync(benchCase);

        Assert.True(result.AsExpected, $"{result.Outcome}: {result.Reason}");
        Assert.Equal("offline", result.Tier);
        Assert.Equal(0, result.ModelCalls);
        Assert.NotNull(result.TimeToFirstDiagnosis);
        Assert.NotNull(result.HarnessRebuildSeconds);
        Assert.Null(result.FirstPromptTokens);
    }
}

/// <summary>One model case through the benchmark's oracle: read, replace, check, finish, verified by the harness.</summary>
public sealed class BenchModelCaseTests
{
    [Fact]
    public async Task A_logic_bug_case_is_healed_by_the_oracle_through_the_public_tools_and_its_first_prompt_is_recorded()
    {
        var benchCase = Corpus.Load(BenchPaths.Manifest).Cases.Single(c => c.Id == "units-logic");
        var output = Path.Combine(Path.GetTempPath(), "ciagent-bench-tests", Guid.NewGuid().ToString("N")[..8]);

        var result = await new CaseRunner(output, measurePlain: false).RunAsync(benchCase);

        Assert.True(result.AsExpected, $"{result.Outcome}: {result.Reason}");
        Assert.Equal("model", result.Tier);
        Assert.Equal(4, result.ModelCalls);
        Assert.True(result.FirstRequestTokens > result.FirstPromptTokens);
        Assert.True(result.Recall, "the first prompt should show the comparison the fix changes");
        Assert.True(File.Exists(Path.Combine(result.OutputDirectory, "first-request.json")));
    }
}
