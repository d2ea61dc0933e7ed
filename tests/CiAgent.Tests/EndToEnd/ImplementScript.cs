using System.Text.Json;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.EndToEnd;

/// <summary>The "Add a Square shape" spec on the Geometry fixture, the role scripts that implement it, and the checks every implement scenario shares.</summary>
internal static class ImplementScript
{
    public const string SpecPath = "specs/square.md";
    public const string Title = "Add a Square shape";
    public const string TestsPath = "tests/Geometry.Tests/SquareTests.cs";
    public const string CodePath = "src/Geometry/Square.cs";
    public const string AreaTest = "Geometry.Tests.SquareTests.A_square_has_side_squared_area";
    public const string PerimeterTest = "Geometry.Tests.SquareTests.A_square_perimeter_is_four_sides";

    public const string Spec = """
        # Add a Square shape

        A square is a shape with four equal sides, given by the length of its side.

        ## Acceptance criteria

        - [ ] A square's area is its side squared.
        - [ ] A square's perimeter is four times its side.

        """;

    /// <summary>Red by compilation: Square does not exist yet.</summary>
    public const string RedTests = """
        using Geometry;

        namespace Geometry.Tests;

        public class SquareTests
        {
            [Fact]
            public void A_square_has_side_squared_area() => Assert.Equal(4, new Square(2).Area());

            [Fact]
            public void A_square_perimeter_is_four_sides() => Assert.Equal(8, new Square(2).Perimeter());
        }

        """;

    /// <summary>Compiles and passes on the code as it is: not a test of the new feature.</summary>
    public const string TestsThatAlreadyPass = """
        using Geometry;

        namespace Geometry.Tests;

        public class SquareTests
        {
            [Fact]
            public void A_square_has_side_squared_area() => Assert.Equal(4, new Rectangle(2, 2).Area());

            [Fact]
            public void A_square_perimeter_is_four_sides() => Assert.Equal(8, new Rectangle(2, 2).Perimeter());
        }

        """;

    public const string Code = """
        namespace Geometry;

        /// <summary>A square given by its side.</summary>
        public sealed class Square(double side) : Shape
        {
            /// <summary>The side.</summary>
            public double Side { get; } = side;

            /// <inheritdoc />
            public override double Area() => Side * Side;

            /// <inheritdoc />
            public override double Perimeter() => 4 * Side;
        }

        """;

    /// <summary>A copy of the green Geometry fixture with the spec committed in it.</summary>
    public static Task<FixtureRepository> RepositoryAsync() => FixtureRepository.CreateAsync("Geometry", r => r.Write(SpecPath, Spec));

    /// <summary>The planner's submit_plan: a test per criterion and Square.cs to create, with optional open questions.</summary>
    public static FakeStep Plan(params string[] questions) => FakeOpenAiServer.ToolCalls((
        "submit_plan",
        new
        {
            summary = "Add a Square shape beside Rectangle, deriving from Shape.",
            criteria = new[] { new { id = "AC1", tests = new[] { AreaTest } }, new { id = "AC2", tests = new[] { PerimeterTest } } },
            changes = new[] { new { path = CodePath, what = "A sealed Square(side) with Area and Perimeter." } },
            questions,
        }));

    /// <summary>A write_file call.</summary>
    public static FakeStep Write(string path, string content) => FakeOpenAiServer.ToolCalls(("write_file", new { path, content }));

    /// <summary>A finish call.</summary>
    public static FakeStep Finish(string summary = "Done.") => FakeOpenAiServer.ToolCalls(("finish", new { summary }));

    /// <summary>The reviewer's submit_review: approved, or not with one comment on Square.cs.</summary>
    public static FakeStep Review(bool approved, string? comment = null) => FakeOpenAiServer.ToolCalls((
        "submit_review",
        new { approved, comments = comment is null ? [] : new[] { new { path = CodePath, line = 4, text = comment } } }));

    /// <summary>Runs `ciagent implement` on the square spec against the fake, committing, with output outside the workspace.</summary>
    public static async Task<CiAgentRun> ImplementAsync(FixtureRepository repository, FakeOpenAiServer server, params string[] extra)
    {
        var output = Path.Combine(Path.GetTempPath(), "ciagent-e2e-out", Guid.NewGuid().ToString("N")[..8]);
        var run = await CiAgentExecutable.RunAsync(
            repository.Root,
            new Dictionary<string, string?> { ["OPENAI_API_KEY"] = ModelHealingTests.ApiKey },
            ["implement", "--workspace", repository.Root, "--spec", SpecPath, "--provider", "openai", "--base-url", server.V1Url, "--model", "gpt-4.1-mini",
                "--commit", "commit", "--out", output, .. extra]);
        return run with { OutputDirectory = output };
    }

    /// <summary>The text of the tool results the model was sent in a request (the last tool message).</summary>
    public static string LastToolResult(FakeRequest request) =>
        Text(request.Json.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "tool").GetProperty("content"));

    /// <summary>The text of the first user message of a request: the harness's handoff to the role.</summary>
    public static string Handoff(FakeRequest request) =>
        Text(request.Json.GetProperty("messages").EnumerateArray().First(m => m.GetProperty("role").GetString() == "user").GetProperty("content"));

    // Message content is a string or an array of text parts.
    private static string Text(JsonElement content) => content.ValueKind == JsonValueKind.Array
        ? string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : ""))
        : content.GetString() ?? "";

    /// <summary>Asserts that the trajectory has one step per model request, each naming the role whose conversation sent it.</summary>
    public static void AssertEveryStepNamesItsRole(CiAgentRun run, FakeOpenAiServer server, params string[] expected)
    {
        var steps = File.ReadAllLines(Path.Combine(run.OutputDirectory, "trajectory.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("role").GetString())
            .ToList();
        Assert.Equal(expected, steps);
        Assert.Equal(expected, server.Requests.Select(server.RoleOf));
    }

    /// <summary>Asserts the report's spec section: both criteria with their planned tests, red before and green after as given.</summary>
    public static void AssertCriteria(JsonElement report, bool redBefore, bool greenAfter)
    {
        var spec = report.GetProperty("spec");
        Assert.Equal(SpecPath, spec.GetProperty("path").GetString());
        Assert.Equal(Title, spec.GetProperty("title").GetString());
        var criteria = spec.GetProperty("criteria").EnumerateArray().ToList();
        Assert.Equal(["AC1", "AC2"], criteria.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal([AreaTest], criteria[0].GetProperty("tests").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([PerimeterTest], criteria[1].GetProperty("tests").EnumerateArray().Select(t => t.GetString()));
        Assert.All(criteria, c => Assert.Equal(redBefore, c.GetProperty("redBefore").GetBoolean()));
        Assert.All(criteria, c => Assert.Equal(greenAfter, c.GetProperty("greenAfter").GetBoolean()));
    }

    /// <summary>The roles in the report with the model calls each spent, in order.</summary>
    public static IEnumerable<(string?, int)> Roles(JsonElement report) =>
        report.GetProperty("roles").EnumerateArray().Select(r => (r.GetProperty("role").GetString(), r.GetProperty("calls").GetInt32()));

    /// <summary>Asserts the one commit the run added: its subject, its traceability table, and exactly the tests and the code.</summary>
    public static async Task AssertImplementationCommitAsync(FixtureRepository repository, int reviewRounds)
    {
        Assert.Equal("2", (await repository.GitAsync("rev-list", "--count", "HEAD")).Trim());
        Assert.Equal($"ciagent: implement {Title}", (await repository.GitAsync("log", "-1", "--format=%s")).Trim());
        var body = await repository.GitAsync("log", "-1", "--format=%b");
        Assert.Contains("Criterion | Tests | Red before | Green after", body);
        Assert.Contains($"AC1 | {AreaTest} | yes | yes", body);
        Assert.Contains($"AC2 | {PerimeterTest} | yes | yes", body);
        Assert.Contains($"Review: approved after {reviewRounds} round{(reviewRounds == 1 ? "" : "s")}.", body);
        Assert.Contains($"Spec: {SpecPath}", body);
        var files = (await repository.GitAsync("show", "--name-only", "--format=", "HEAD")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([CodePath, TestsPath], files.Order(StringComparer.Ordinal));
        Assert.Equal("", await repository.GitAsync("status", "--porcelain"));
    }
}
