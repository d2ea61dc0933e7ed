using static CiAgent.Tests.Policy.IntegrityRoute;
using static CiAgent.Tests.Policy.RouteFiles;

namespace CiAgent.Tests.Policy;

/// <summary>Every route around a failing test the integrity policy refuses, by category, each with its rule and line.</summary>
internal static class IntegrityRoutes
{
    private const string Checkout = "    [Fact]\n    public void Checkout_adds_up_every_line()";
    private const string Assertion = "Assert.Equal(134.97m, total);";

    /// <summary>Test sources: deleted, emptied, renamed away, skipped, compiled out, caught or weakened.</summary>
    public static readonly IntegrityRoute[] TestSources =
    [
        InTests("a deleted test file", null, "removed-test", 5),
        InTests("an emptied test file", "", "removed-test", 5),
        InTests("a test class emptied of its tests", "namespace Shop.Tests;\n\npublic sealed class CartTests\n{\n}\n", "removed-test", 8),
        InTests("a test method renamed away", Edit(TestCode, "Checkout_adds_up_every_line", "Checkout_works"), "removed-test", 8),
        InTests("a test class renamed away", Edit(TestCode, "class CartTests", "class CartChecks"), "removed-test", 5),
        InTests("Skip on a fact", Edit(TestCode, "[Fact]\n    public void Checkout", "[Fact(Skip = \"later\")]\n    public void Checkout"), "skipped-test", 7),
        InTests("[Ignore] on a test", Edit(TestCode, Checkout, "    [Fact]\n    [Ignore(\"later\")]\n    public void Checkout_adds_up_every_line()"), "skipped-test", 8),
        InTests("[Explicit] on a test class", Edit(TestCode, "public sealed class CartTests", "[Explicit]\npublic sealed class CartTests"), "skipped-test", 5),
        InTests("a skip trait", Edit(TestCode, Checkout, "    [Fact]\n    [Trait(\"Category\", \"Flaky\")]\n    public void Checkout_adds_up_every_line()"), "skipped-test", 8),
        InTests("Assert.Skip in a test", Edit(TestCode, "        var total", "        Assert.Skip(\"later\");\n        var total"), "skipped-test", 10),
        InTests("#if false around a test", Edit(Edit(TestCode, Checkout, "#if false\n" + Checkout), "    }\n\n    [Fact]", "    }\n#endif\n\n    [Fact]"), "skipped-test", 7),
        InTests("try/catch around an assertion", Edit(TestCode, Assertion, "try { " + Assertion + " } catch (Exception) { }"), "weakened-assertion", 11),
        InTests("Record.Exception around an assertion", Edit(TestCode, Assertion, "Record.Exception(() => " + Assertion[..^1] + ");"), "weakened-assertion", 11),
        InTests("an expected value changed", Edit(TestCode, "134.97m", "120m"), "weakened-assertion", 11),
        InTests("a tolerance widened", Edit(TestCode, "new Cart().Ratio(), 2)", "new Cart().Ratio(), 0)"), "weakened-assertion", 15),
    ];

    /// <summary>Test project files: taken out of the run, compiled out, stripped of the test SDK or adapter, downgraded, retargeted.</summary>
    public static readonly IntegrityRoute[] TestProjectFiles =
    [
        InTestProject("IsTestProject false", "<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net10.0</TargetFramework>\n    <IsTestProject>false</IsTestProject>", "excluded-test", 4),
        InTestProject("Compile Remove of a test file", "</ItemGroup>", "  <Compile Remove=\"CartTests.cs\" />\n  </ItemGroup>", "excluded-test", 9),
        InTestProject("EnableDefaultCompileItems false", "<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net10.0</TargetFramework>\n    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>", "excluded-test", 4),
        InTestProject("the test SDK removed", "    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"18.0.1\" />\n", "", "excluded-test", 0),
        InTestProject("the test adapter removed", "    <PackageReference Include=\"xunit.runner.visualstudio\" Version=\"3.1.5\" />\n", "", "excluded-test", 0),
        InTestProject("a test package downgraded", "Include=\"xunit\" Version=\"2.9.3\"", "Include=\"xunit\" Version=\"2.4.0\"", "excluded-test", 7),
        InTestProject("the test project retargeted", "net10.0", "net8.0", "excluded-test", 3),
        Outside("IsTestProject false in a new tests/Directory.Build.props", "tests/Directory.Build.props", null, Props("<IsTestProject>false</IsTestProject>"), "excluded-test", 3),
    ];

    /// <summary>Build-wide settings anywhere in the tree: warnings, nullable, analyzers, packages.</summary>
    public static readonly IntegrityRoute[] BuildSettings =
    [
        Outside("TreatWarningsAsErrors false in Directory.Build.props", "Directory.Build.props", null, Props("<TreatWarningsAsErrors>false</TreatWarningsAsErrors>"), "suppressed-warning", 3),
        Outside("NoWarn in Directory.Build.targets", "Directory.Build.targets", null, Props("<NoWarn>$(NoWarn);CS8602</NoWarn>"), "suppressed-warning", 3),
        Outside("WarningsNotAsErrors", "src/Shop/Shop.csproj", Project, Edit(Project, "</PropertyGroup>", "  <WarningsNotAsErrors>CS8602</WarningsNotAsErrors>\n  </PropertyGroup>"), "suppressed-warning", 7),
        Outside("a code dropped from WarningsAsErrors", "src/Shop/Shop.csproj", Project, Edit(Project, "CS8602;CS8618", "CS8618"), "suppressed-warning", 6),
        Outside("Nullable disabled", "src/Shop/Shop.csproj", Project, Edit(Project, "<Nullable>enable<", "<Nullable>disable<"), "suppressed-warning", 4),
        Outside("analysis mode none", "Directory.Build.props", null, Props("<AnalysisMode>None</AnalysisMode>"), "suppressed-warning", 3),
        Outside("a rule set swapped in", "src/Shop/Shop.csproj", Project, Edit(Project, "</PropertyGroup>", "  <CodeAnalysisRuleSet>quiet.ruleset</CodeAnalysisRuleSet>\n  </PropertyGroup>"), "suppressed-warning", 7),
        Outside("a rule set action of None", "quiet.ruleset", null, "<RuleSet Name=\"quiet\">\n  <Rules AnalyzerId=\"Microsoft.CodeAnalysis.NetAnalyzers\">\n    <Rule Id=\"CA1822\" Action=\"None\" />\n  </Rules>\n</RuleSet>\n", "suppressed-warning", 3),
        Outside("GlobalAnalyzerConfigFiles", "Directory.Build.props", null, Items("<GlobalAnalyzerConfigFiles Include=\"quiet.txt\" />"), "suppressed-warning", 3),
        Outside("a new .globalconfig", "quiet.globalconfig", null, "is_global = true\ndotnet_diagnostic.CS8602.severity = none\n", "suppressed-warning", 2),
        Outside("an is_global file under another name", "build/quiet.txt", null, "is_global = true\ndotnet_diagnostic.CS8602.severity = silent\n", "suppressed-warning", 2),
        Outside(".editorconfig severity none", ".editorconfig", "[*.cs]\n", "[*.cs]\ndotnet_diagnostic.CA1822.severity = none\n", "suppressed-warning", 2),
        Outside(".editorconfig severity error lowered to warning", ".editorconfig", "[*.cs]\ndotnet_diagnostic.CS8602.severity = error\n", "[*.cs]\ndotnet_diagnostic.CS8602.severity = warning\n", "suppressed-warning", 2),
        Outside(".editorconfig generated_code", ".editorconfig", "[*.cs]\n", "[*.cs]\ngenerated_code = true\n", "suppressed-warning", 2),
        Outside("#pragma warning disable", "src/Shop/Cart.cs", Code, Edit(Code, "public sealed class", "#pragma warning disable CS8602\npublic sealed class"), "suppressed-warning", 3),
        Outside("#nullable disable", "src/Shop/Cart.cs", Code, "#nullable disable\n" + Code, "suppressed-warning", 1),
        Outside("[SuppressMessage]", "src/Shop/Cart.cs", Code, Edit(Code, "    public decimal", "    [System.Diagnostics.CodeAnalysis.SuppressMessage(\"Design\", \"CA1024\")]\n    public decimal"), "suppressed-warning", 5),
        Outside("[GeneratedCode]", "src/Shop/Cart.cs", Code, Edit(Code, "public sealed class", "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1\")]\npublic sealed class"), "suppressed-warning", 3),
        Outside("an <auto-generated> header", "src/Shop/Cart.cs", Code, "// <auto-generated/>\n" + Code, "suppressed-warning", 1),
        Outside("a test package dropped from Directory.Packages.props", "Directory.Packages.props", Packages, Edit(Packages, "    <PackageVersion Include=\"xunit.runner.visualstudio\" Version=\"3.1.5\" />\n", ""), "excluded-test", 0),
        Outside("a test package downgraded in Directory.Packages.props", "Directory.Packages.props", Packages, Edit(Packages, "\"18.0.1\"", "\"17.0.0\""), "excluded-test", 6),
    ];

    /// <summary>The run's shape: the solution, test run settings, the test runner.</summary>
    public static readonly IntegrityRoute[] RunShape =
    [
        Outside("a test project removed from the .sln", "Shop.sln", Solution, Edit(Solution, "Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"Shop.Tests\", \"tests\\Shop.Tests\\Shop.Tests.csproj\", \"{22222222-2222-2222-2222-222222222222}\"\nEndProject\n", ""), "narrowed-test-run", 4),
        Outside("a test project no longer built by the .sln", "Shop.sln", Solution, Edit(Solution, "\t\t{22222222-2222-2222-2222-222222222222}.Debug|Any CPU.Build.0 = Debug|Any CPU\n", ""), "narrowed-test-run", 4),
        Outside("a test project removed from the .slnx", "Shop.slnx", XmlSolution, Edit(XmlSolution, "    <Project Path=\"tests/Shop.Tests/Shop.Tests.csproj\" />\n", ""), "narrowed-test-run", 0),
        Outside("a test project not built by the .slnx", "Shop.slnx", XmlSolution, Edit(XmlSolution, "<Project Path=\"tests/Shop.Tests/Shop.Tests.csproj\" />", "<Project Path=\"tests/Shop.Tests/Shop.Tests.csproj\">\n      <Build Project=\"false\" />\n    </Project>"), "narrowed-test-run", 6),
        Outside("a filter in a new .runsettings", "tests.runsettings", null, "<RunSettings>\n  <RunConfiguration>\n    <TestCaseFilter>Category!=Slow</TestCaseFilter>\n  </RunConfiguration>\n</RunSettings>\n", "narrowed-test-run", 3),
        Outside("a timeout in .runsettings", "tests.runsettings", RunSettings, Edit(RunSettings, "600000", "1"), "narrowed-test-run", 3),
        Outside("a timeout in testconfig.json", "tests/Shop.Tests/testconfig.json", "{\n  \"mstest\": {}\n}\n", "{\n  \"mstest\": { \"timeout\": { \"test\": 1 } }\n}\n", "narrowed-test-run", 2),
        Outside("xunit.runner.json", "tests/Shop.Tests/xunit.runner.json", "{\n  \"parallelizeTestCollections\": true\n}\n", "{\n  \"parallelizeTestCollections\": true,\n  \"failSkips\": false\n}\n", "narrowed-test-run", 3),
        Outside("the global.json test runner", "global.json", "{\n  \"sdk\": { \"version\": \"10.0.100\" }\n}\n", "{\n  \"sdk\": { \"version\": \"10.0.100\" },\n  \"test\": { \"runner\": \"Microsoft.Testing.Platform\" }\n}\n", "narrowed-test-run", 3),
        Outside("a filter in Directory.Build.props", "Directory.Build.props", null, Props("<VSTestTestCaseFilter>FullyQualifiedName!~Cart</VSTestTestCaseFilter>"), "narrowed-test-run", 3),
        Outside("a runsettings file set in a project", "src/Shop/Shop.csproj", Project, Edit(Project, "</PropertyGroup>", "  <RunSettingsFilePath>quiet.runsettings</RunSettingsFilePath>\n  </PropertyGroup>"), "narrowed-test-run", 7),
        Outside("arguments in Directory.Build.rsp", "Directory.Build.rsp", null, "-p:VSTestTestCaseFilter=Category!=Slow\n", "narrowed-test-run", 1),
    ];

    /// <summary>Production code special-casing being under test.</summary>
    public static readonly IntegrityRoute[] ProductionCode =
    [
        Outside("a VSTEST_ variable read", "src/Shop/Cart.cs", Code, Edit(Code, "0m;", "System.Environment.GetEnvironmentVariable(\"VSTEST_HOST_DEBUG\") is null ? 0m : 1m;"), "test-detection", 5),
        Outside("a TESTINGPLATFORM_ variable read", "src/Shop/Cart.cs", Code, Edit(Code, "0m;", "System.Environment.GetEnvironmentVariable(\"TESTINGPLATFORM_HOTRELOAD_ENABLED\") is null ? 0m : 1m;"), "test-detection", 5),
        Outside("the testhost process name", "src/Shop/Cart.cs", Code, Edit(Code, "0m;", "System.Diagnostics.Process.GetCurrentProcess().ProcessName.StartsWith(\"testhost\") ? 1m : 0m;"), "test-detection", 5),
        Outside("a test framework assembly name", "src/Shop/Cart.cs", Code, Edit(Code, "0m;", "System.AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == \"xunit.core\") ? 1m : 0m;"), "test-detection", 5),
        Outside("a test framework namespace", "src/Shop/Cart.cs", Code, "using Xunit;\n" + Code, "test-detection", 1),
        Outside("a test framework package in a production project", "src/Shop/Shop.csproj", Project, Edit(Project, "</PropertyGroup>", "</PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"xunit.assert\" Version=\"2.9.3\" />\n  </ItemGroup>"), "test-detection", 9),
        Outside("a test project referenced from production", "src/Shop/Shop.csproj", Project, Edit(Project, "</PropertyGroup>", "</PropertyGroup>\n  <ItemGroup>\n    <ProjectReference Include=\"..\\..\\tests\\Shop.Tests\\Shop.Tests.csproj\" />\n  </ItemGroup>"), "test-detection", 9),
    ];

    /// <summary>Every route, by name.</summary>
    public static readonly IReadOnlyDictionary<string, IntegrityRoute> All =
        TestSources.Concat(TestProjectFiles).Concat(BuildSettings).Concat(RunShape).Concat(ProductionCode).ToDictionary(route => route.Name);
}
