using System.Text.Json;
using CiAgent.Processes;

namespace CiAgent.Tests.Hosts;

public sealed class DockerfileLintTests
{
    // Installed by `npm ci --prefix .ci/tools`, which .ci/run does before the tests; pinned by .ci/tools/package-lock.json.
    private static readonly string Linter = LinterFactAttribute.Linter;

    [LinterFact]
    public async Task The_Dockerfile_has_no_dockerfilelint_findings()
    {
        var issues = await LintAsync(Path.Combine(TestPaths.RepositoryRoot, "Dockerfile"));

        Assert.True(issues.Count == 0, $"dockerfilelint reports on the Dockerfile:\n{string.Join('\n', issues)}");
    }

    [LinterFact]
    public async Task The_linter_reports_the_findings_of_a_careless_Dockerfile()
    {
        // Proves the lint above can fail: the same call on a file that breaks three rules must see all three.
        var directory = Directory.CreateTempSubdirectory("ciagent-lint-").FullName;
        try
        {
            var dockerfile = Path.Combine(directory, "Dockerfile");
            await File.WriteAllTextAsync(dockerfile, "FROM ubuntu:latest\nRUN apt-get install curl\n");

            var issues = await LintAsync(dockerfile);

            Assert.Equal(["1: Base Image Latest Tag", "2: Missing parameter for `apt-get`", "2: Consider `--no-install-recommends`"], issues);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Each finding as "line: title", from the linter's JSON output; run from the repository root so .dockerfilelintrc applies.</summary>
    private static async Task<List<string>> LintAsync(string dockerfile)
    {
        // Missing is a failure, never a pass: a lint that did not run has checked nothing.
        Assert.True(
            File.Exists(Linter),
            $"dockerfilelint is not installed at {Linter}. Install it with `npm ci --prefix .ci/tools` from the repository root (.ci/run does this before the tests).");

        var result = await new ExternalCommand(Linter)
            .WithArguments("--json", dockerfile)
            .WithWorkingDirectory(TestPaths.RepositoryRoot)
            .WithTimeout(TimeSpan.FromMinutes(1))
            .ExecuteAsync();

        // The exit code is the number of findings, so only the JSON tells a finding from a crash.
        Assert.True(result.StandardOutput.TrimStart().StartsWith('{'), $"dockerfilelint did not answer in JSON (exit {result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        using var report = JsonDocument.Parse(result.StandardOutput);
        var file = Assert.Single(report.RootElement.GetProperty("files").EnumerateArray());
        var issues = file.GetProperty("issues").EnumerateArray().Select(issue => $"{issue.GetProperty("line").GetString()}: {issue.GetProperty("title").GetString()}").ToList();
        Assert.Equal(issues.Count, result.ExitCode);
        return issues;
    }
}
