using CiAgent.Outputs.Hosts;

namespace CiAgent.Tests.Hosts;

public sealed class CiHostDetectorTests
{
    [Theory]
    [InlineData("GITHUB_ACTIONS", "true", CiHostKind.GitHubActions)]
    [InlineData("TF_BUILD", "True", CiHostKind.AzureDevOps)]
    [InlineData("TF_BUILD", "true", CiHostKind.AzureDevOps)]
    [InlineData("GITHUB_ACTIONS", "false", CiHostKind.Local)]
    [InlineData("CI", "true", CiHostKind.Local)]
    public void The_host_is_named_by_its_own_variable(string name, string value, CiHostKind expected) =>
        Assert.Equal(expected, CiHostDetector.DetectKind(new Dictionary<string, string?> { [name] = value }));

    [Fact]
    public void Each_kind_gets_its_publisher()
    {
        var console = new StringWriter();
        Assert.IsType<GitHubActionsHost>(CiHostDetector.Detect(new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["TF_BUILD"] = "True" }, console));
        Assert.IsType<AzureDevOpsHost>(CiHostDetector.Detect(new Dictionary<string, string?> { ["TF_BUILD"] = "True" }, console));
        Assert.IsType<LocalHost>(CiHostDetector.Detect(new Dictionary<string, string?>(), console));
    }
}
