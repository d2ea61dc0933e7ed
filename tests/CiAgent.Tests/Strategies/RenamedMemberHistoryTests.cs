using CiAgent.Context;
using CiAgent.Healing;
using CiAgent.Kernel;
using CiAgent.Settings;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.EndToEnd;
using CiAgent.Tests.Workspace;
using CiAgent.Workspace;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Serilog.Core;

namespace CiAgent.Tests.Strategies;

/// <summary>The renamed-member fixer taking a rename whose new name is nothing like the old one from git: real repositories, real git.</summary>
public sealed class RenamedMemberHistoryTests
{
    // Name becomes Moniker: no similarity rule would ever pair them, only the declaration's history can.
    private const string Person = "namespace Shop;\n\npublic class Person\n{\n    public Person(string name)\n    {\n        Name = name;\n    }\n\n    public string Name { get; set; }\n\n    public int Age { get; set; }\n\n    public string Greeting() => \"Hello \" + Name;\n}\n";
    private const string Label = "namespace Shop;\n\npublic class Label\n{\n    public string Text(Person p) => p.Name;\n}\n";
    private const string Project = "<Project Sdk=\"Microsoft.NET.Sdk\" />\n";

    private static string Renamed(string person) => person.Replace("public string Name { get; set; }", "public string Moniker { get; set; }", StringComparison.Ordinal);

    [Fact]
    public async Task A_property_renamed_to_a_dissimilar_name_in_the_last_commit_is_renamed_at_its_bare_and_qualified_uses()
    {
        using var repository = Committed(("App.csproj", Project), ("Person.cs", Person), ("Label.cs", Label));
        repository.Write("Person.cs", Renamed(Person));
        repository.Git("commit", "-q", "-am", "Rename Name to Moniker at its declaration only");

        var outcome = await HealAsync(repository.Root);

        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("Renamed `Name` to `Moniker` on Person, as its declaration was renamed in HEAD (3 sites)", fix.Description);
        Assert.Equal(["CS0103", "CS0103", "CS1061"], outcome.ErrorsBefore.Select(e => e.Id).Order());
        Assert.Contains("        Moniker = name;\n", outcome.ChangedFiles[Path.Combine(repository.Root, "Person.cs")], StringComparison.Ordinal);
        Assert.Contains("\"Hello \" + Moniker;", outcome.ChangedFiles[Path.Combine(repository.Root, "Person.cs")], StringComparison.Ordinal);
        Assert.Contains("=> p.Moniker;", outcome.ChangedFiles[Path.Combine(repository.Root, "Label.cs")], StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public async Task A_property_renamed_in_the_uncommitted_working_tree_is_renamed_at_its_bare_and_qualified_uses()
    {
        using var repository = Committed(("App.csproj", Project), ("Person.cs", Person), ("Label.cs", Label));
        repository.Write("Person.cs", Renamed(Person));

        var outcome = await HealAsync(repository.Root);

        var fix = Assert.Single(outcome.Accepted);
        Assert.Equal("Renamed `Name` to `Moniker` on Person, as its declaration was renamed in the working tree (3 sites)", fix.Description);
        Assert.Contains("=> p.Moniker;", outcome.ChangedFiles[Path.Combine(repository.Root, "Label.cs")], StringComparison.Ordinal);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public async Task A_rename_in_a_root_commit_has_no_history_and_only_similarity_decides()
    {
        // Agee is a typo similarity mends; Name has no close match and no parent commit to say what it became.
        using var repository = Committed(("App.csproj", Project), ("Person.cs", Renamed(Person)), ("Label.cs", Label.Replace("p.Name;", "p.Name + p.Agee;", StringComparison.Ordinal)));

        var outcome = await HealAsync(repository.Root);

        Assert.Equal("Renamed `Agee` to `Age` on Person (1 site)", Assert.Single(outcome.Accepted).Description);
        Assert.Equal(3, outcome.ErrorsAfter.Count(e => e.GetMessage().Contains("'Name'", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_workspace_outside_git_falls_back_to_similarity_without_an_error()
    {
        var root = ScratchRepository.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(root, "App.csproj"), Project);
            File.WriteAllText(Path.Combine(root, "Person.cs"), Renamed(Person));
            File.WriteAllText(Path.Combine(root, "Label.cs"), Label.Replace("p.Name;", "p.Name + p.Agee;", StringComparison.Ordinal));

            var outcome = await HealAsync(root);

            Assert.Equal("Renamed `Agee` to `Age` on Person (1 site)", Assert.Single(outcome.Accepted).Description);
            Assert.Contains(outcome.ErrorsAfter, e => e.Id == "CS1061" && e.GetMessage().Contains("'Name'", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_property_replaced_by_two_of_the_same_signature_in_its_place_is_not_guessed()
    {
        const string transition = "namespace Flow;\n\npublic class Transition\n{\n    public string Source { get; } = \"\";\n    public string Destination { get; } = \"\";\n    public int Trigger { get; }\n}\n";
        const string use = "namespace Flow;\n\npublic static class Report\n{\n    public static string Where(Transition t) => t.Destination;\n}\n";
        using var repository = Committed(("App.csproj", Project), ("Transition.cs", transition), ("Report.cs", use));
        repository.Write("Transition.cs", transition.Replace(
            "    public string Destination { get; } = \"\";\n", "    public string Target { get; } = \"\";\n    public string Goal { get; } = \"\";\n", StringComparison.Ordinal));
        repository.Git("commit", "-q", "-am", "Split Destination in two");

        var outcome = await HealAsync(repository.Root);

        Assert.Empty(outcome.Accepted);
        Assert.Equal("CS1061", Assert.Single(outcome.ErrorsAfter).Id);
    }

    [Fact]
    public async Task A_renamed_static_method_is_followed_into_a_project_that_sees_only_the_library_assembly()
    {
        // The library itself compiles; the caller binds against its assembly, which knows no source file, as a built project reference does.
        const string graph = "namespace Flow.Graph;\n\npublic static class DotGraph\n{\n    public static string Format(string machine) => \"digraph \" + machine;\n}\n";
        const string caller = "namespace Flow.Example;\n\npublic static class Program\n{\n    public static string Show() => Flow.Graph.DotGraph.Format(\"door\");\n}\n";
        using var repository = Committed(("App.csproj", Project), ("Lib/DotGraph.cs", graph), ("Example/Program.cs", caller));
        repository.Write("Lib/DotGraph.cs", graph.Replace("Format(", "FormatAsDot(", StringComparison.Ordinal));
        repository.Git("commit", "-q", "-am", "Rename Format to FormatAsDot");
        var library = Compile("Lib", [], Path.Combine(repository.Root, "Lib", "DotGraph.cs"));
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);

        var outcome = await HealAsync(repository.Root, [MetadataReference.CreateFromImage(image.ToArray())], Path.Combine(repository.Root, "Example", "Program.cs"));

        Assert.Equal("Renamed `Format` to `FormatAsDot` on DotGraph, as its declaration was renamed in HEAD (1 site)", Assert.Single(outcome.Accepted).Description);
        Assert.Equal("CS0117", Assert.Single(outcome.ErrorsBefore).Id);
        Assert.Empty(outcome.ErrorsAfter);
    }

    [Fact]
    public async Task I_can_heal_a_committed_dissimilar_rename_across_three_projects_in_one_offline_round_with_real_builds()
    {
        using var repository = await FixtureRepository.CreateAsync("Geometry", GeometryUses.RectangleWidthInAppAndTests);
        // The commit CI checks out renames the declaration alone, leaving Width * Height bare in Rectangle and .Width in two other projects.
        repository.Replace("src/Geometry/Rectangle.cs", "public double Width { get; }", "public double Across { get; }");
        await repository.GitAsync("commit", "-q", "-am", "Rename Rectangle.Width to Across");
        var log = new LogLines();
        var output = Path.Combine(Path.GetTempPath(), "ciagent-healrun", Guid.NewGuid().ToString("N"));
        var settings = SettingsResolver.Resolve(new CommandLineValues { Workspace = repository.Root, Out = output, NoTests = true }, new Dictionary<string, string?>(), repository.Root);

        var result = await new HealRun(settings, [new OfflineHealTier(new ProjectCompilationLoader(TimeSpan.FromMinutes(5)))], log.Logger).ExecuteAsync(CancellationToken.None);

        Assert.True(result.Report.Status == "healed", log.ToString());
        Assert.Equal(1, result.Report.Iterations);
        Assert.Equal(
            [
                ("CS0103", "src/Geometry/Rectangle.cs", "Renamed `Width` to `Across` on Rectangle, as its declaration was renamed in HEAD (2 sites)"),
                ("CS1061", "src/Geometry.Report/Program.cs", "Renamed `Width` to `Across` on Rectangle, as its declaration was renamed in HEAD (1 site)"),
                ("CS1061", "tests/Geometry.Tests/ShapeTests.cs", "Renamed `Width` to `Across` on Rectangle, as its declaration was renamed in HEAD (1 site)"),
            ],
            result.Report.Fixes.Select(f => (f.Code, f.File!, f.Description)));
        Assert.Contains("public override double Area() => Across * Height;", repository.Read("src/Geometry/Rectangle.cs"), StringComparison.Ordinal);
        Assert.Contains("new Rectangle(2, 3).Across", repository.Read("tests/Geometry.Tests/ShapeTests.cs"), StringComparison.Ordinal);
    }

    /// <summary>A repository whose first commit holds the given files.</summary>
    private static ScratchRepository Committed(params (string Path, string Text)[] files) =>
        ScratchRepository.Create(files: files.ToDictionary(f => f.Path, f => System.Text.Encoding.UTF8.GetBytes(f.Text)));

    /// <summary>Opens the folder as a run does (its git state read before anything is written), compiles its C# files in memory and runs the offline engine on them.</summary>
    private static Task<OfflineFixOutcome> HealAsync(string root) =>
        HealAsync(root, [], [.. Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)]);

    private static async Task<OfflineFixOutcome> HealAsync(string root, IEnumerable<MetadataReference> references, params string[] files)
    {
        var workspace = await RunWorkspace.OpenAsync(root, null, CommitMode.None, null, allowDirty: true, Logger.None, CancellationToken.None);
        var compilation = Compile("App", references, files);
        return await new DependencyFixEngine(workspace, new ProjectCompilationLoader(TimeSpan.FromMinutes(5)))
            .RunAsync(new ProjectCompilation(Path.Combine(root, "App.csproj"), "net10.0", compilation), CancellationToken.None);
    }

    private static CSharpCompilation Compile(string name, IEnumerable<MetadataReference> references, params string[] files) =>
        CSharpCompilation.Create(
            name,
            files.Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Preview), file)),
            [.. InMemoryProject.Compile().References, .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
