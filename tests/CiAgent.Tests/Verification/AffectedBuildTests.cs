using CiAgent.Kernel;
using CiAgent.Tests.EndToEnd;
using CiAgent.Verification;
using CiAgent.Workspace;
using Serilog.Core;

namespace CiAgent.Tests.Verification;

/// <summary>Builds after an edit, with the real dotnet CLI on the Geometry fixture (a library, a console app and a test project that both use it).</summary>
public sealed class AffectedBuildTests
{
    private const string Report = "src/Geometry.Report/Program.cs";
    private const string TestFile = "tests/Geometry.Tests/ShapeTests.cs";
    private const string Banner = "src/Geometry.Report/Banner.cs";

    [Fact]
    public async Task An_edit_builds_only_its_project_and_dependants_and_an_edit_to_a_project_file_restores_and_builds_everything_once()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, false, Logger.None, CancellationToken.None);
        var titles = new List<string>();
        var verifier = new Verifier(workspace, TimeSpan.FromMinutes(5), (title, _) => titles.Add(title));
        Assert.True((await verifier.BuildAsync(CancellationToken.None)).Succeeded);

        // The test project is broken behind the run's back: only a build that includes it can see it.
        repository.Replace(TestFile, "public class ShapeTests", "public class ShapeTests : NoSuchBase");
        workspace.Write(TextFile.Read(Path.Combine(repository.Root, Report)).WithText(repository.Read(Report).Replace("Total area", "Area in all", StringComparison.Ordinal)));

        var scoped = await verifier.BuildAffectedAsync(workspace.EditedFiles, CancellationToken.None);

        Assert.False(scoped.Whole);
        Assert.Equal([Path.Combine(repository.Root, "src", "Geometry.Report", "Geometry.Report.csproj")], scoped.Projects);
        Assert.True(scoped.Build.Succeeded, scoped.Build.Output);
        Assert.Equal("dotnet build src/Geometry.Report/Geometry.Report.csproj", titles[^1].Split(" (")[0]);

        // What the scoped build did not cover keeps what the earlier build said of it.
        var earlier = new BuildResult([new BuildDiagnostic(Path.Combine(repository.Root, TestFile), 3, 1, DiagnosticSeverity.Error, "CS0246", "NoSuchBase", Path.Combine(repository.Root, "tests", "Geometry.Tests", "Geometry.Tests.csproj"))], 1, false, TimeSpan.Zero, "");
        Assert.Equal("CS0246", Assert.Single(scoped.Over(earlier).Errors).Code);

        // A project file edit may change what restore produces: the whole target is restored and built, and the broken test project shows.
        var project = Path.Combine(repository.Root, "src", "Geometry.Report", "Geometry.Report.csproj");
        workspace.Write(TextFile.Read(project).WithText(File.ReadAllText(project).Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable>\n    <Deterministic>true</Deterministic>", StringComparison.Ordinal)));

        var whole = await verifier.BuildAffectedAsync(workspace.EditedFiles, CancellationToken.None);

        Assert.True(whole.Whole);
        Assert.Equal("restore is due", whole.Why);
        Assert.Contains(whole.Build.Errors, e => e.Code == "CS0246" && e.File!.EndsWith("ShapeTests.cs", StringComparison.Ordinal));
        Assert.Equal("dotnet build Geometry.sln", titles[^1].Split(" (")[0]);

        // Nothing written since that whole build: asking for the whole build again reuses it instead of running dotnet.
        Assert.Same(whole.Build, await verifier.BuildUnlessUnchangedAsync(CancellationToken.None));
        Assert.StartsWith("dotnet build Geometry.sln not run again", titles[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edits_in_two_projects_nothing_else_uses_build_both_in_one_run_and_an_edit_to_the_shared_library_builds_the_whole_target()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry");
        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, false, Logger.None, CancellationToken.None);
        var titles = new List<string>();
        var verifier = new Verifier(workspace, TimeSpan.FromMinutes(5), (title, _) => titles.Add(title));
        Assert.True((await verifier.BuildAsync(CancellationToken.None)).Succeeded);
        repository.Replace(Report, "Total area", "Total area\"");
        repository.Replace(TestFile, "public class ShapeTests", "public class ShapeTests : NoSuchBase");

        var both = await verifier.BuildAffectedAsync([Report, TestFile], CancellationToken.None);

        Assert.False(both.Whole);
        Assert.Equal(2, both.Projects.Count);
        Assert.Equal("dotnet build src/Geometry.Report/Geometry.Report.csproj, tests/Geometry.Tests/Geometry.Tests.csproj", titles[^1].Split(" (")[0]);
        Assert.Contains(both.Build.Errors, e => e.File!.EndsWith("Program.cs", StringComparison.Ordinal));
        Assert.Contains(both.Build.Errors, e => e.Code == "CS0246" && e.File!.EndsWith("ShapeTests.cs", StringComparison.Ordinal));

        var library = await verifier.BuildAffectedAsync(["src/Geometry/Circle.cs"], CancellationToken.None);

        Assert.True(library.Whole);
        Assert.Equal("the edit reaches every project", library.Why);
        // Only one test project exists, so no subset of the suite runs before the whole of it.
        Assert.Empty(verifier.TestProjectsAffectedBy(["src/Geometry/Circle.cs"]));
        Assert.Empty(verifier.TestProjectsAffectedBy([Report]));
    }

    [Fact]
    public async Task A_green_build_of_everything_an_edit_reaches_stands_for_the_whole_target_unless_a_file_is_linked_across_project_folders()
    {
        var (scoped, whole, titles) = await RenameTheBannerAsync(linkedIntoTests: false);

        Assert.False(scoped.Whole);
        Assert.True(whole.Succeeded, whole.Output);
        Assert.Equal("dotnet build Geometry.sln not run again: every project the edits reach was built since the last whole build (0 errors)", titles[^1]);
    }

    [Fact]
    public async Task A_file_linked_into_another_project_sends_the_verdict_to_a_whole_build_that_sees_the_break()
    {
        var (scoped, whole, titles) = await RenameTheBannerAsync(linkedIntoTests: true);

        // The project graph places the file in the report project alone, whose build is green; the test project compiles it too.
        Assert.True(scoped.Build.Succeeded, scoped.Build.Output);
        Assert.Equal("dotnet build Geometry.sln", titles[^1].Split(" (")[0]);
        Assert.Contains(whole.Errors, e => e.Code == "CS0117" && e.File!.EndsWith("BannerUse.cs", StringComparison.Ordinal));
    }

    // Builds the fixture, renames the banner's constant, builds what the edit reaches, then asks for the whole target's build.
    private static async Task<(AffectedBuild Scoped, BuildResult Whole, List<string> Titles)> RenameTheBannerAsync(bool linkedIntoTests)
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", WithBanner(linkedIntoTests));
        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, false, Logger.None, CancellationToken.None);
        var titles = new List<string>();
        var verifier = new Verifier(workspace, TimeSpan.FromMinutes(5), (title, _) => titles.Add(title));
        Assert.True((await verifier.BuildAsync(CancellationToken.None)).Succeeded);
        workspace.Write(TextFile.Read(Path.Combine(repository.Root, Banner)).WithText(repository.Read(Banner).Replace("Text", "Title", StringComparison.Ordinal)));

        var scoped = await verifier.BuildAffectedAsync(workspace.EditedFiles, CancellationToken.None);
        return (scoped, await verifier.BuildUnlessUnchangedAsync(CancellationToken.None), titles);
    }

    // A constant in the report project that the test project reads: through a link to the same file, or not at all.
    private static Action<FixtureRepository> WithBanner(bool linkedIntoTests) => repository =>
    {
        repository.Write(Banner, "namespace Geometry.Report;\n\ninternal static class Banner\n{\n    public const string Text = \"Areas\";\n}\n");
        if (linkedIntoTests)
        {
            repository.Replace("tests/Geometry.Tests/Geometry.Tests.csproj", "<Using Include=\"Xunit\" />", "<Using Include=\"Xunit\" />\n    <Compile Include=\"..\\..\\src\\Geometry.Report\\Banner.cs\" Link=\"Banner.cs\" />");
            repository.Write("tests/Geometry.Tests/BannerUse.cs", "namespace Geometry.Tests;\n\ninternal static class BannerUse\n{\n    public static string Read() => Geometry.Report.Banner.Text;\n}\n");
        }
    };
}
