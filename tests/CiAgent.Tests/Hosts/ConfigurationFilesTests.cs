using System.Text.RegularExpressions;
using CiAgent.Tests.Strategies;
using YamlDotNet.RepresentationModel;

namespace CiAgent.Tests.Hosts;

public sealed class ConfigurationFilesTests
{
    public static TheoryData<string> YamlFiles()
    {
        var root = TestPaths.RepositoryRoot;
        var files = new[] { "action.yml" }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, ".github", "workflows"), "*.yml").Select(path => Path.GetRelativePath(root, path)))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.yml", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(root, path)));
        return [.. files.Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Every_YAML_file_parses(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(TestPaths.RepositoryRoot, relativePath));

        stream.Load(reader);

        var document = Assert.Single(stream.Documents);
        Assert.IsType<YamlMappingNode>(document.RootNode);
    }

    [Fact]
    public void The_examples_cover_each_way_to_run()
    {
        var examples = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "docs", "examples"), "*.yml").Select(Path.GetFileName);

        Assert.Equal(["azure-pipelines.yml", "fix-pull-request.yml", "heal-on-failure.yml", "implement-issue.yml", "implement-spec.yml", "nightly-self-heal.yml"], examples.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> WorkflowExamples() =>
    [
        .. Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "docs", "examples"), "*.yml")
            .Select(path => Path.GetFileName(path))
            .Where(name => name != "azure-pipelines.yml")
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(WorkflowExamples))]
    public void Every_input_an_example_workflow_passes_to_the_action_is_one_it_declares(string example)
    {
        var inputs = ActionDefinition.Load().Inputs;
        var steps = ActionSteps(example);

        // A workflow that never uses the action would check nothing.
        Assert.NotEmpty(steps);
        foreach (var step in steps)
        {
            if (step.Children.TryGetValue(new YamlScalarNode("with"), out var with))
            {
                var names = ((YamlMappingNode)with).Children.Keys.Select(key => ((YamlScalarNode)key).Value!);
                Assert.All(names, name => Assert.True(inputs.ContainsKey(name), $"{example} passes '{name}', which action.yml does not declare."));
            }
        }
    }

    [Theory]
    [MemberData(nameof(WorkflowExamples))]
    public void Every_output_an_example_workflow_reads_is_one_the_action_declares(string example)
    {
        var outputs = ActionDefinition.Load().Outputs;
        var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "examples", example));
        var stepId = ((YamlScalarNode)Assert.Single(ActionSteps(example)).Children[new YamlScalarNode("id")]).Value;

        var read = Regex.Matches(text, $@"steps\.{Regex.Escape(stepId!)}\.outputs\.([A-Za-z0-9_-]+)").Select(match => match.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.Contains(name, outputs));
    }

    [Fact]
    public void The_final_image_stage_sets_no_user_workdir_or_entrypoint()
    {
        // Azure DevOps container jobs run their own user and command; these instructions break them.
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "Dockerfile"));
        var finalStage = lines.Skip(Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.Ordinal)));

        Assert.DoesNotContain(finalStage, line => line.StartsWith("USER ", StringComparison.Ordinal) || line.StartsWith("WORKDIR ", StringComparison.Ordinal) || line.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.Contains(finalStage, line => line.Contains("/usr/local/bin/ciagent", StringComparison.Ordinal));
    }

    /// <summary>The steps of an example workflow's jobs that use this action, whatever owner and ref the example gives it.</summary>
    private static List<YamlMappingNode> ActionSteps(string example)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(TestPaths.RepositoryRoot, "docs", "examples", example)))
        {
            stream.Load(reader);
        }

        var jobs = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("jobs")];
        return
        [
            .. jobs.Children.Values
                .Cast<YamlMappingNode>()
                .SelectMany(job => ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>())
                .Where(step => step.Children.TryGetValue(new YamlScalarNode("uses"), out var uses) && ((YamlScalarNode)uses).Value!.Contains("/ciagent@", StringComparison.Ordinal)),
        ];
    }
}
