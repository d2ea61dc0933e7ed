
namespace CiAgent.Tests.Hosts;

/// <summary>A fake CI runner: a temp folder with the files and variables GitHub Actions or Azure Pipelines would provide.</summary>
internal sealed class SimulatedRunner : IDisposable
{
    private SimulatedRunner(string root, Dictionary<string, string?> environment)
    {
        Root = root;
        Environment = environment;
    }

    public string Root { get; }

    public string Workspace => Path.Combine(Root, "workspace");

    public Dictionary<string, string?> Environment { get; }

    public StringWriter Console { get; } = new() { NewLine = "\n" };

    public string[] ConsoleLines => Console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static SimulatedRunner GitHub()
    {
        var root = NewRoot();
        var runner = new SimulatedRunner(root, new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["CI"] = "true",
            ["GITHUB_WORKSPACE"] = Path.Combine(root, "workspace"),
            ["RUNNER_TEMP"] = Path.Combine(root, "runner_temp"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(root, "file_commands", "step_summary"),
            ["GITHUB_OUTPUT"] = Path.Combine(root, "file_commands", "set_output"),
        });
        Directory.CreateDirectory(Path.Combine(root, "file_commands"));
        File.WriteAllText(runner.Environment["GITHUB_STEP_SUMMARY"]!, "");
        File.WriteAllText(runner.Environment["GITHUB_OUTPUT"]!, "");
        return runner;
    }

    public static SimulatedRunner Azure()
    {
        var root = NewRoot();
        return new SimulatedRunner(root, new Dictionary<string, string?>
        {
            ["TF_BUILD"] = "True",
            ["BUILD_SOURCESDIRECTORY"] = Path.Combine(root, "workspace"),
            ["AGENT_TEMPDIRECTORY"] = Path.Combine(root, "_temp"),
        });
    }

    public string StepSummary => File.ReadAllText(Environment["GITHUB_STEP_SUMMARY"]!);

    public string Outputs => File.ReadAllText(Environment["GITHUB_OUTPUT"]!);

    public string OutputDirectory => Path.Combine(Environment.GetValueOrDefault("RUNNER_TEMP") ?? Environment["AGENT_TEMPDIRECTORY"]!, "ciagent");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; a failing Dispose would hide the test's real result.
        }
    }

    private static string NewRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "ciagent-hosts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "workspace"));
        return root;
    }
}
