using CiAgent.Intake;
using CiAgent.Strategies.Agent;

namespace CiAgent.Tests.Agent;

/// <summary>What checking an edit in memory may answer for run_build: errors, a clean bill, or nothing, as the real build would have it (real dotnet, real git).</summary>
public sealed class InMemoryCheckTests(KeptGeometryCompilation kept) : IClassFixture<KeptGeometryCompilation>
{
    private const string Circle = "src/Geometry/Circle.cs";
    private const string Area = "public override double Area() => Math.PI * Radius * Radius;";

    [Fact]
    public async Task A_body_edit_that_compiles_and_passes_the_analyzers_is_vouched_for_without_a_build()
    {
        using var restore = Restorer.For(kept, Circle);
        var workspace = await kept.EditAsync(Circle, Area, "public override double Area() => Radius * Radius * Math.PI;");

        var answer = await InMemoryCheck.CheckAsync(kept.Cache, workspace, CancellationToken.None);

        Assert.NotNull(answer);
        Assert.True(answer.Build.Succeeded);
        Assert.Equal([kept.Library], answer.Projects);
    }

    [Fact]
    public async Task A_compiler_warning_the_editorconfig_turns_off_is_no_error_in_memory_under_warnings_as_errors()
    {
        using var restore = Restorer.For(kept, Circle);
        var workspace = await kept.EditAsync(Circle, Area, "public override double Area() { int unused; return Math.PI * Radius * Radius; }");

        var answer = await InMemoryCheck.CheckAsync(kept.Cache, workspace, CancellationToken.None);

        Assert.NotNull(answer);
        Assert.True(answer.Build.Succeeded, string.Join("\n", answer.Build.Errors));
    }

    [Fact]
    public async Task An_edit_an_analyzer_rejects_is_left_to_the_real_build()
    {
        using var restore = Restorer.For(kept, Circle);
        var workspace = await kept.EditAsync(Circle, Area, "private static readonly double Nothing = 0;\n\n    public override double Area() => Nothing + Math.PI * Radius * Radius;");

        var answer = await InMemoryCheck.CheckAsync(kept.Cache, workspace, CancellationToken.None);

        Assert.Null(answer);
        var real = await new BuildRunner(kept.Repository.Root, TimeSpan.FromMinutes(5)).BuildAsync(kept.Library, restore: false, null, CancellationToken.None);
        Assert.Equal("CA1805", Assert.Single(real.Errors).Code);
    }

    [Fact]
    public async Task An_edit_that_does_not_compile_is_answered_with_the_compilers_error()
    {
        using var restore = Restorer.For(kept, Circle);
        var workspace = await kept.EditAsync(Circle, Area, "public override double Area() => Math.PI * Radius * Radis;");

        var answer = await InMemoryCheck.CheckAsync(kept.Cache, workspace, CancellationToken.None);

        Assert.NotNull(answer);
        Assert.Equal("CS0103", Assert.Single(answer.Build.Errors).Code);
    }

    private sealed class Restorer(string path, string text) : IDisposable
    {
        public static Restorer For(KeptGeometryCompilation kept, string relative)
        {
            var path = Path.Combine(kept.Repository.Root, relative);
            return new Restorer(path, File.ReadAllText(path));
        }

        public void Dispose() => File.WriteAllText(path, text);
    }
}
