using System.CommandLine;
using CiAgent.Kernel;
using CiAgent.Outputs.Hosts;
using CiAgent.Processes;
using CiAgent.Settings;

namespace CiAgent.Cli;

/// <summary>`ciagent demo`: heals a bundled broken solution in a temporary git repository, offline, and shows the commit.</summary>
internal sealed class DemoCommand
{
    private const string ResourcePrefix = "demo/";
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public DemoCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        Command = new Command("demo", "Copy a small broken solution to a temporary folder and heal it offline, showing the summary and the commit.");
        Command.SetAction((_, cancellationToken) => RunAsync(cancellationToken));
    }

    public Command Command { get; }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var workspace = Path.Combine(Path.GetTempPath(), $"ciagent-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        await _output.WriteLineAsync($"ciagent demo: copying a broken Bookstore solution to {workspace}").ConfigureAwait(false);
        Extract(workspace);
        try
        {
            await GitAsync(workspace, cancellationToken, "init", "--quiet", "--initial-branch=main").ConfigureAwait(false);
            await GitAsync(workspace, cancellationToken, "add", "--all").ConfigureAwait(false);
            await GitAsync(workspace, cancellationToken, "-c", "user.name=Bookstore Developer", "-c", "user.email=dev@bookstore.example", "commit", "--quiet", "-m", "Bookstore on a bad day").ConfigureAwait(false);
        }
        catch (InfrastructureException e)
        {
            await _error.WriteLineAsync($"ciagent: error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InfrastructureFailure;
        }

        await _output.WriteLineAsync("ciagent demo: running 'ciagent heal --provider none --commit commit' there").ConfigureAwait(false);
        var environment = CiHostDetector.ProcessEnvironment();
        var line = new CommandLineValues { Workspace = workspace, Provider = "none", Commit = "commit", Out = Path.Combine(workspace, ".ciagent") };
        var settings = SettingsResolver.Resolve(line, environment, workspace);
        var exit = await HealSession.Create(settings, environment, _output, _error).RunAsync(cancellationToken).ConfigureAwait(false);

        await _output.WriteLineAsync().ConfigureAwait(false);
        await _output.WriteAsync(await File.ReadAllTextAsync(Path.Combine(workspace, ".ciagent", "summary.md"), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (exit == ExitCodes.Success)
        {
            await _output.WriteLineAsync().ConfigureAwait(false);
            await _output.WriteAsync(await GitAsync(workspace, cancellationToken, "show", "--stat", "--patch", "--format=fuller", "HEAD").ConfigureAwait(false)).ConfigureAwait(false);
        }

        await _output.WriteLineAsync($"{Environment.NewLine}ciagent demo: the healed repository is in {workspace}").ConfigureAwait(false);
        return exit;
    }

    private static void Extract(string workspace)
    {
        var assembly = typeof(DemoCommand).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var relative = name[ResourcePrefix.Length..].Replace('\\', '/');
            var path = Path.Combine(workspace, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var source = assembly.GetManifestResourceStream(name)!;
            using var target = File.Create(path);
            source.CopyTo(target);
        }
    }

    private static async Task<string> GitAsync(string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await new ExternalCommand("git").WithArguments(arguments).WithWorkingDirectory(directory)
            .WithEnvironmentVariable("GIT_TERMINAL_PROMPT", "0")
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result.StandardOutput
            : throw new InfrastructureException($"git {arguments[0]} failed in {directory}: {result.StandardError.Trim()}");
    }
}
