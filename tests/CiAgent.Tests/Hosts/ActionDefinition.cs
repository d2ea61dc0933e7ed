using YamlDotNet.RepresentationModel;

namespace CiAgent.Tests.Hosts;

/// <summary>action.yml as the runner reads it: input names with their defaults, output names and runs.env.</summary>
internal sealed class ActionDefinition
{
    private ActionDefinition(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public IReadOnlyDictionary<string, string?> Inputs =>
        Section("inputs").Children.ToDictionary(
            entry => ((YamlScalarNode)entry.Key).Value!,
            entry => ((YamlMappingNode)entry.Value).Children.TryGetValue(new YamlScalarNode("default"), out var value) ? ((YamlScalarNode)value).Value : null);

    public IReadOnlyList<string> Outputs => [.. Section("outputs").Children.Keys.Select(key => ((YamlScalarNode)key).Value!)];

    public YamlMappingNode Runs => Section("runs");

    public static ActionDefinition Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(TestPaths.RepositoryRoot, "action.yml"));
        stream.Load(reader);
        return new ActionDefinition((YamlMappingNode)stream.Documents[0].RootNode);
    }

    public string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private YamlMappingNode Section(string name) => (YamlMappingNode)Root.Children[new YamlScalarNode(name)];
}
