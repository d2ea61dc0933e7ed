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

    [Fact]
    public void The_final_image_stage_sets_no_user_workdir_or_entrypoint()
    {
        // Azure DevOps container jobs run their own user and command; these instructions break them.
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "Dockerfile"));
        var finalStage = lines.Skip(Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.Ordinal)));

        Assert.DoesNotContain(finalStage, line => line.StartsWith("USER ", StringComparison.Ordinal) || line.StartsWith("WORKDIR ", StringComparison.Ordinal) || line.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.Contains(finalStage, line => line.Contains("/usr/local/bin/ciagent", StringComparison.Ordinal));
    }
}
