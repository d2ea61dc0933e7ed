namespace CiAgent.Tests.Policy;

/// <summary>One way around a failing test, as a change to one file, and the rule that must refuse it on the given line.</summary>
internal sealed record IntegrityRoute(string Name, string Path, string? Before, string? After, bool IsTestFile, string Rule, int Line)
{
    /// <summary>A route on a test source file of the catalog's test project.</summary>
    public static IntegrityRoute InTests(string name, string? after, string rule, int line, string before = RouteFiles.TestCode) =>
        new(name, RouteFiles.TestsPath, before, after, IsTestFile: true, rule, line);

    /// <summary>A route on the test project file.</summary>
    public static IntegrityRoute InTestProject(string name, string oldText, string newText, string rule, int line) =>
        new(name, RouteFiles.TestProjectPath, RouteFiles.TestProject, Edit(RouteFiles.TestProject, oldText, newText), IsTestFile: true, rule, line);

    /// <summary>A route on a file outside the tests.</summary>
    public static IntegrityRoute Outside(string name, string path, string? before, string? after, string rule, int line) =>
        new(name, path, before, after, IsTestFile: false, rule, line);

    /// <summary>Replaces text that must be there, so a typo in a route cannot make it test nothing.</summary>
    public static string Edit(string text, string oldText, string newText)
    {
        Assert.Contains(oldText, text);
        return text.Replace(oldText, newText, StringComparison.Ordinal);
    }
}
