using CiAgent.Kernel;
using CiAgent.Strategies.Offline;
using CiAgent.Tests.Workspace;
using CiAgent.Workspace;
using Serilog.Core;

namespace CiAgent.Tests.Strategies;

/// <summary>Whether fixes put back what the breakage's files declared, so that projects built against them need no check of their own: real git.</summary>
public sealed class BreakageDeclarationsTests
{
    private const string Circle = "namespace Shop;\n\npublic class Circle\n{\n    public double Radius { get; set; }\n\n    public double Area() => Math.PI * Radius * Radius;\n}\n";
    private const string Square = "namespace Shop;\n\npublic class Square\n{\n    public double Side { get; set; }\n\n    public double Area() => Side * Side;\n}\n";
    private const string Project = "<Project Sdk=\"Microsoft.NET.Sdk\" />\n";

    [Fact]
    public async Task A_missing_semicolon_put_back_declares_again_what_the_breakage_took_away()
    {
        var edit = ("Circle.cs", "Radius * Radius;", "Radius * Radius");

        Assert.Equal("", await ChangedDeclarationsAsync(breakage: [edit], fixes: [Undo(edit)]));
    }

    [Fact]
    public async Task A_changed_method_body_declares_as_before_even_unfixed()
    {
        Assert.Equal("", await ChangedDeclarationsAsync(breakage: [("Circle.cs", "Math.PI * Radius * Radius", "Radius * Radius")], fixes: []));
    }

    [Fact]
    public async Task A_renamed_property_whose_uses_follow_it_is_reached_by_both_its_names()
    {
        Assert.Equal("Radius, Size", await ChangedDeclarationsAsync(
            breakage: [("Circle.cs", "public double Radius", "public double Size")],
            fixes: [("Circle.cs", "Radius * Radius", "Size * Size")]));
    }

    [Fact]
    public async Task A_project_file_the_breakage_changed_counts_unless_its_text_came_back()
    {
        var edit = ("App.csproj", Project, "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <Compile Remove=\"Square.cs\" />\n  </ItemGroup>\n</Project>\n");

        Assert.Null(await ChangedDeclarationsAsync(breakage: [edit], fixes: []));
        Assert.Equal("", await ChangedDeclarationsAsync(breakage: [edit], fixes: [Undo(edit)]));
    }

    [Fact]
    public async Task Notes_the_breakage_changed_do_not_count()
    {
        var edit = ("Circle.cs", "Radius * Radius;", "Radius * Radius");

        Assert.Equal("", await ChangedDeclarationsAsync(breakage: [edit, ("README.md", "Shapes.", "Shapes, now broken.")], fixes: [Undo(edit)]));
    }

    [Fact]
    public async Task A_commit_of_notes_alone_says_nothing_of_the_breakage()
    {
        Assert.Null(await ChangedDeclarationsAsync(breakage: [("README.md", "Shapes.", "Shapes, now broken.")], fixes: [("Circle.cs", "Radius * Radius;", "Radius * Radius;")]));
    }

    [Fact]
    public async Task A_file_only_the_fixes_edited_must_keep_its_declarations_too()
    {
        var edit = ("Circle.cs", "Radius * Radius;", "Radius * Radius");

        Assert.Equal("Area", await ChangedDeclarationsAsync(breakage: [edit], fixes: [Undo(edit), ("Square.cs", "public double Area()", "public int Area()")]));
        Assert.Equal("", await ChangedDeclarationsAsync(breakage: [edit], fixes: [Undo(edit), ("Square.cs", "Side * Side", "Side * Side * 1")]));
    }

    [Fact]
    public async Task An_uncommitted_breakage_is_compared_with_HEAD()
    {
        var edit = ("Circle.cs", "Radius * Radius;", "Radius * Radius");

        Assert.Equal("", await ChangedDeclarationsAsync(breakage: [edit], fixes: [Undo(edit)], commitBreakage: false));
    }

    [Fact]
    public async Task A_breakage_in_a_root_commit_has_no_history_to_compare_with()
    {
        using var repository = ScratchRepository.Create(files: Files(Circle.Replace("Radius * Radius;", "Radius * Radius", StringComparison.Ordinal)));
        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, allowDirty: false, Logger.None, CancellationToken.None);

        Assert.Null(await new RenameHistory(workspace).ChangedDeclarationsAsync(new Dictionary<string, string>(), CancellationToken.None));
    }

    [Theory]
    [InlineData("private int Count() => 1;", "private int Total() => 1;", "")]
    [InlineData("public int Sum() => 1;", "public int Total() => 1;", "Sum, Total")]
    [InlineData("int Count() => 1;", "int Total() => 1;", "")]
    [InlineData("public int Area() => 1;", "public long Area() => 1;", "Area")]
    [InlineData("private class Inner { public int Count; }", "private class Inner { public int Total; }", "")]
    [InlineData("int System.IComparable.CompareTo(object o) => 0;", "int System.IComparable.CompareTo(object? o) => 0;", "CompareTo")]
    [InlineData("public int this[int i] => i;", "public int this[long i] => 0;", null)]
    [InlineData("public void Deconstruct(out int a) => a = 1;", "public void Deconstruct(out long a) => a = 1;", null)]
    [InlineData("public class MarkerAttribute : System.Attribute { }", "public class SignAttribute : System.Attribute { }", "Marker, MarkerAttribute, Sign, SignAttribute")]
    [InlineData("public record Point(int X);", "public record Point(int Left);", "Left, Point, X")]
    public void A_changed_declaration_is_named_by_what_another_project_would_spell_to_use_it(string before, string after, string? names)
    {
        static Microsoft.CodeAnalysis.SyntaxTree Parse(string member) =>
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText($"namespace Shop;\n\npublic class Shape : System.IComparable\n{{\n    {member}\n}}\n");

        var changed = DeclarationShape.ChangedNames(Parse(before), Parse(after), CancellationToken.None);

        Assert.Equal(names, changed is null ? null : string.Join(", ", changed.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void A_name_counts_as_spelled_only_as_a_whole_identifier_outside_build_output()
    {
        var root = ScratchRepository.NewTempDirectory();
        try
        {
            var project = Path.Combine(root, "Tests", "Tests.csproj");
            Directory.CreateDirectory(Path.Combine(root, "Tests", "obj"));
            File.WriteAllText(project, Project);
            File.WriteAllText(Path.Combine(root, "Tests", "ShapeTests.cs"), "class ShapeTests { double M(Circle c) => c.RadiusOf(); }");
            File.WriteAllText(Path.Combine(root, "Tests", "obj", "Generated.cs"), "class G { double Size; }");

            Assert.False(SourceMentions.AnyIn([project], new HashSet<string> { "Radius", "Size" }, CancellationToken.None));
            Assert.True(SourceMentions.AnyIn([project], new HashSet<string> { "Size", "RadiusOf" }, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (string File, string From, string To) Undo((string File, string From, string To) edit) => (edit.File, edit.To, edit.From);

    private static Dictionary<string, byte[]> Files(string circle) => new()
    {
        ["App.csproj"] = System.Text.Encoding.UTF8.GetBytes(Project),
        ["Circle.cs"] = System.Text.Encoding.UTF8.GetBytes(circle),
        ["Square.cs"] = System.Text.Encoding.UTF8.GetBytes(Square),
        ["README.md"] = System.Text.Encoding.UTF8.GetBytes("# Shapes.\n"),
    };

    // The breakage is committed on top of a first commit (or left in the working tree), the run opens the workspace, and the fixes are written as the offline tier writes them.
    private static async Task<string?> ChangedDeclarationsAsync(
        (string File, string From, string To)[] breakage, (string File, string From, string To)[] fixes, bool commitBreakage = true)
    {
        using var repository = ScratchRepository.Create(files: Files(Circle));
        foreach (var (file, from, to) in breakage)
        {
            Replace(repository, file, from, to);
        }

        if (commitBreakage)
        {
            repository.Git("commit", "-q", "-am", "Break it");
        }

        var workspace = await RunWorkspace.OpenAsync(repository.Root, null, CommitMode.None, null, allowDirty: !commitBreakage, Logger.None, CancellationToken.None);
        var editedBefore = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, from, to) in fixes)
        {
            var path = Path.Combine(repository.Root, file);
            editedBefore.TryAdd(path, File.ReadAllText(path));
            Replace(repository, file, from, to);
        }

        return await new RenameHistory(workspace).ChangedDeclarationsAsync(editedBefore, CancellationToken.None) is { } names
            ? string.Join(", ", names.Order(StringComparer.Ordinal))
            : null;
    }

    private static void Replace(ScratchRepository repository, string file, string from, string to)
    {
        var text = System.Text.Encoding.UTF8.GetString(repository.Read(file));
        Assert.Contains(from, text, StringComparison.Ordinal);
        repository.Write(file, text.Replace(from, to, StringComparison.Ordinal));
    }
}
