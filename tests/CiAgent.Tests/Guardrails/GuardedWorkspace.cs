using CiAgent.Tests.EndToEnd;
using CiAgent.Tests.Fakes;

namespace CiAgent.Tests.Guardrails;

/// <summary>Broken copies of the Geometry fixture for guardrail tests, kept cheap: one project is built and no tests run unless a test needs them.</summary>
internal static class GuardedWorkspace
{
    public const string ApiKey = "sk-guard-4f3c2b1a0e9d8c7b6a5f";
    public const string Project = "src/Geometry/Geometry.csproj";
    public const string RectangleFile = "src/Geometry/Rectangle.cs";
    public const string GoodLine = "public override double Perimeter() => 2 * (Width + Height);";

    // CS0029, which no offline fixer touches, so the model tier is reached after one short build and one compilation load.
    public const string BrokenLine = "public override double Perimeter() => 2 * (Width + Height) + \" cm\";";

    /// <summary>Only Geometry.csproj is built and no tests run: the cheapest real baseline.</summary>
    public static readonly string[] Cheap = ["--target", Project, "--no-tests", "--flake-reruns", "0"];

    /// <summary>Geometry with a type error in Rectangle.Perimeter that only the model can fix.</summary>
    public static Task<FixtureRepository> TypeErrorAsync(Action<FixtureRepository>? more = null) =>
        FixtureRepository.CreateAsync("Geometry", r =>
        {
            r.Replace(RectangleFile, GoodLine, BrokenLine);
            more?.Invoke(r);
        });

    /// <summary>Adds an MSBuild target to Geometry.csproj that runs before the compiler does.</summary>
    public static void AddTarget(FixtureRepository repository, string targetXml) =>
        repository.Replace(Project, "</Project>", targetXml + "\n</Project>");

    /// <summary>The arguments of a model heal against a fake on loopback.</summary>
    public static string[] ModelArguments(FixtureRepository repository, string baseUrl, params string[] extra) =>
        ["heal", "--workspace", repository.Root, "--provider", "openai", "--base-url", baseUrl, "--model", "gpt-4.1-mini", .. Cheap, .. extra];

    /// <summary>The model's correct fix.</summary>
    public static FakeStep Fix() =>
        FakeOpenAiServer.ToolCalls(("replace_in_file", new { path = RectangleFile, oldText = BrokenLine, newText = GoodLine }));

    /// <summary>The model claims to be done.</summary>
    public static FakeStep Finish() => FakeOpenAiServer.ToolCalls(("finish", new { summary = "Perimeter returned a string; it returns the number again." }));

    /// <summary>Runs a model heal to completion.</summary>
    public static Task<CiAgentRun> HealWithModelAsync(FixtureRepository repository, string baseUrl, params string[] extra) =>
        CiAgentExecutable.RunAsync(repository.Root, new Dictionary<string, string?> { ["OPENAI_API_KEY"] = ApiKey }, ModelArguments(repository, baseUrl, extra));

    /// <summary>The lines of text, empty ones dropped.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
