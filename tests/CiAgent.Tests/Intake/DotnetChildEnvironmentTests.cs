using CiAgent.Intake;
using CiAgent.Processes;

namespace CiAgent.Tests.Intake;

public class DotnetChildEnvironmentTests
{
    [Fact]
    public void The_settings_the_launcher_gave_ciagent_alone_are_removed_for_its_dotnet_children()
    {
        Assert.Equal(
            [new("DOTNET_TC_CallCounting", null), new("DOTNET_TieredPGO", null), new(DotnetCli.SelfOnlyVariable, null)],
            DotnetCli.Unset("DOTNET_TC_CallCounting, DOTNET_TieredPGO"));
    }

    [Fact]
    public void Without_a_launcher_children_inherit_the_environment_unchanged()
    {
        Assert.Empty(DotnetCli.Unset(null));
        Assert.Empty(DotnetCli.Unset("  "));
    }

    [Fact]
    public async Task I_can_see_a_real_dotnet_child_run_without_a_setting_its_parent_had()
    {
        var folder = Directory.CreateTempSubdirectory("ciagent-child-env-");
        var probe = Path.Combine(folder.FullName, "probe.proj");
        await File.WriteAllTextAsync(probe, "<Project><Target Name=\"Show\" /></Project>");
        // MSBuild exposes the environment as properties, so the child itself says what it inherited.
        var parent = new ExternalCommand("dotnet")
            .WithWorkingDirectory(folder.FullName)
            .WithArguments("msbuild", probe, "-nologo", "-getProperty:DOTNET_TC_CallCounting", "-getProperty:CIAGENT_SELF_ONLY", "-getProperty:NO_COLOR")
            .WithEnvironmentVariable("DOTNET_TC_CallCounting", "0")
            .WithEnvironmentVariable(DotnetCli.SelfOnlyVariable, "DOTNET_TC_CallCounting");

        var result = await parent.WithEnvironmentVariables(DotnetCli.Environment).WithEnvironmentVariables(DotnetCli.Unset("DOTNET_TC_CallCounting")).ExecuteAsync();

        Assert.True(result.Succeeded, result.StandardOutput + result.StandardError);
        using var json = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var properties = json.RootElement.GetProperty("Properties");
        Assert.Equal("", properties.GetProperty("DOTNET_TC_CallCounting").GetString());
        Assert.Equal("", properties.GetProperty("CIAGENT_SELF_ONLY").GetString());
        Assert.Equal("1", properties.GetProperty("NO_COLOR").GetString());
        folder.Delete(recursive: true);
    }
}
