using CiAgent.Configuration;
using CiAgent.Kernel;
using CiAgent.Policy;
using CiAgent.Security;

namespace CiAgent.Tests.Policy;

/// <summary>The audit of issue 12: every route around a failing test, each refused by its rule on its line, whatever .ciagent.yml says.</summary>
public sealed class IntegrityRouteTests : IDisposable
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("ciagent-routes-").FullName;

    public static TheoryData<string> Routes
    {
        get
        {
            var routes = new TheoryData<string>();
            foreach (var name in IntegrityRoutes.All.Keys)
            {
                routes.Add(name);
            }

            return routes;
        }
    }

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    [Theory]
    [MemberData(nameof(Routes))]
    public void Each_route_is_refused_naming_its_rule_its_line_and_what_to_do_instead(string name)
    {
        var route = IntegrityRoutes.All[name];

        var violations = Check(route, IntegrityPolicyOptions.Default);

        Assert.True(
            violations.Any(v => v.Rule == route.Rule && v.Path == route.Path && v.Line == route.Line),
            $"{name}: expected [{route.Rule}] {route.Path}:{route.Line}, got:\n{string.Join('\n', violations.Select(v => $"[{v.Rule}] {v}"))}");
        var refusal = PolicyGate.Refusal(violations)!;
        Assert.Contains($"[{route.Rule}] {route.Path}{(route.Line > 0 ? $":{route.Line}:" : ":")}", refusal);
        Assert.Contains(IntegrityPolicy.Rules.Single(rule => rule.Id == route.Rule).Instead, refusal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void Each_route_is_still_refused_by_its_rule_under_the_most_permissive_configuration(string name)
    {
        var route = IntegrityRoutes.All[name];

        // Test edits allowed and every default protected path removed that may be: the rules read content, not the path list.
        var options = IntegrityPolicyOptions.FromConfig(new ConfigPolicy
        {
            AllowTestEdits = true,
            ProtectedPaths = [.. ProtectedPaths.Defaults.Where(path => path != ".ciagent.yml").Select(path => "!" + path)],
        });

        Assert.Contains(Check(route, options), v => v.Rule == route.Rule && v.Line == route.Line);
    }

    [Fact]
    public void Every_rule_has_a_route_and_says_what_to_do_instead()
    {
        var covered = IntegrityRoutes.All.Values.Select(route => route.Rule).Append(ProtectedPathRule.RuleId).ToHashSet();

        Assert.All(IntegrityPolicy.Rules, rule => Assert.Contains(rule.Id, covered));
        Assert.All(IntegrityPolicy.Rules, rule => Assert.EndsWith(".", rule.Instead));
    }

    [Theory]
    [InlineData("an upgraded test package", RouteFiles.TestProjectPath, RouteFiles.TestProject, "Version=\"2.9.3\"", "Version=\"2.9.4\"", true)]
    [InlineData("a code added to WarningsAsErrors", "src/Shop/Shop.csproj", RouteFiles.Project, "CS8602;CS8618", "CS8602;CS8618;CS0168", false)]
    [InlineData("a severity raised", ".editorconfig", "[*.cs]\ndotnet_diagnostic.CA1822.severity = warning\n", "warning", "error", false)]
    [InlineData("a project added to the solution", "Shop.sln", RouteFiles.Solution, "EndProject\nGlobal", "EndProject\nProject(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"Shop.Api\", \"src\\Shop.Api\\Shop.Api.csproj\", \"{33333333-3333-3333-3333-333333333333}\"\nEndProject\nGlobal", false)]
    [InlineData("production code that mentions tests in words", "src/Shop/Cart.cs", RouteFiles.Code, "0m;", "0m; // tested by CartTests\n    public string Label => \"Tested and ready\";", false)]
    [InlineData("InternalsVisibleTo for the test project", "src/Shop/Cart.cs", RouteFiles.Code, "namespace Shop;", "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Shop.Tests\")]\nnamespace Shop;", false)]
    [InlineData("a test that names its own framework", RouteFiles.TestsPath, RouteFiles.TestCode, "using Xunit;", "using Xunit;\nusing Xunit.Abstractions;", true)]
    [InlineData("an assertion added inside Assert.Throws", RouteFiles.TestsPath, RouteFiles.TestCode, "        var total", "        Assert.Throws<ArgumentException>(() => new Cart(-1));\n        var total", true)]
    public void Ordinary_changes_near_the_routes_are_not_refused(string change, string path, string before, string oldText, string newText, bool isTestFile)
    {
        var violations = IntegrityPolicy.Check([new FileChange(path, before, IntegrityRoute.Edit(before, oldText, newText), isTestFile)], IntegrityPolicyOptions.Default);

        Assert.True(violations.Count == 0, $"{change}: {string.Join('\n', violations)}");
    }

    [Fact]
    public void The_configuration_cannot_unprotect_itself()
    {
        var error = Assert.Throws<UsageException>(() => IntegrityPolicyOptions.FromConfig(new ConfigPolicy { ProtectedPaths = ["!.ciagent.yml"] }));

        Assert.Contains("cannot remove '.ciagent.yml'", error.Message);
    }

    [Fact]
    public void A_configuration_key_that_would_switch_a_rule_off_is_an_error()
    {
        File.WriteAllText(Path.Combine(_workspace, ".ciagent.yml"), "policy:\n  protectedPaths: [ \"migrations/\" ]\n  rules:\n    skipped-test: off\n");

        var error = Assert.Throws<ConfigurationException>(() => CiAgentConfigReader.Read(_workspace));

        Assert.Contains("unknown key 'rules' under 'policy'", error.Message);
    }

    [Fact]
    public void Configured_paths_are_protected_on_top_of_the_rules()
    {
        var options = IntegrityPolicyOptions.FromConfig(new ConfigPolicy { ProtectedPaths = ["migrations/"] });

        Assert.Equal(ProtectedPathRule.RuleId, Assert.Single(IntegrityPolicy.Check([new FileChange("migrations/001.sql", "a", "b", false)], options)).Rule);
        Assert.Equal<string>([.. IntegrityPolicyOptions.DefaultProtectedPaths, "migrations/"], options.ProtectedPaths.ToArray());
    }

    private static IReadOnlyList<PolicyViolation> Check(IntegrityRoute route, IntegrityPolicyOptions options) =>
        IntegrityPolicy.Check([new FileChange(route.Path, route.Before, route.After, route.IsTestFile)], options);
}
