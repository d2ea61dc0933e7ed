using CiAgent.Processes;

namespace CiAgent.Tests.Intake;

/// <summary>Finds the repository and hands out throwaway copies of the projects under <c>tests/fixtures/</c>.</summary>
internal static class TestFixtures
{
    /// <summary>The folder that holds CiAgent.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Copies <c>tests/fixtures/{name}</c> to a new temp folder, leaving any build output behind, and returns that folder.</summary>
    public static string CopyToTemp(string name)
    {
        var source = Path.Combine(RepositoryRoot, "tests", "fixtures", name);
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"No fixture named '{name}' in {source}.");
        }

        // Outside the repository, so the repository's Directory.*.props and global.json do not apply to the copy.
        var target = Path.Combine(Path.GetTempPath(), $"ciagent-fixture-{name}-{Guid.NewGuid():N}");
        Copy(source, target);
        return target;
    }

    /// <summary>Runs <c>dotnet build</c> on a fixture copy and fails loudly if it does not build.</summary>
    public static async Task BuildAsync(string folder)
    {
        var result = await new ExternalCommand("dotnet")
            .WithArguments("build", "--nologo")
            .WithWorkingDirectory(folder)
            .WithEnvironmentVariable("DOTNET_CLI_UI_LANGUAGE", "en")
            .WithEnvironmentVariable("MSBUILDTERMINALLOGGER", "off")
            .WithEnvironmentVariable("DOTNET_NOLOGO", "1")
            .WithTimeout(TimeSpan.FromMinutes(5))
            .ExecuteAsync();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The fixture in {folder} did not build:\n{result.StandardOutput}\n{result.StandardError}");
        }
    }

    /// <summary>Deletes a fixture copy, ignoring a file that a dying process still holds.</summary>
    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(folder);
            if (name is not ("bin" or "obj" or "TestResults"))
            {
                Copy(folder, Path.Combine(target, name));
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder)))
        {
            if (File.Exists(Path.Combine(folder, "CiAgent.sln")))
            {
                return folder;
            }
        }

        throw new DirectoryNotFoundException($"No CiAgent.sln above {AppContext.BaseDirectory}.");
    }
}
