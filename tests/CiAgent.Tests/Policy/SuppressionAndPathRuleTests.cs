using CiAgent.Configuration;
using CiAgent.Kernel;
using CiAgent.Policy;
using CiAgent.Security;

namespace CiAgent.Tests.Policy;

public sealed class SuppressionAndPathRuleTests
{
    private const string Code = """
        namespace Shop;

        public sealed class Cart
        {
            public decimal Total() => 0m;
        }
        """;

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <NoWarn>$(NoWarn);CS1591</NoWarn>
          </PropertyGroup>
        </Project>
        """;

    [Fact]
    public void A_new_pragma_warning_disable_is_a_violation()
    {
        var violation = Assert.Single(Check("src/Shop/Cart.cs", Code, Code.Replace("public sealed class", "#pragma warning disable CS8602\npublic sealed class")));

        Assert.Equal(new PolicyViolation("suppressed-warning", "src/Shop/Cart.cs", 3, "new '#pragma warning disable' silences CS8602"), violation);
    }

    [Fact]
    public void An_existing_pragma_is_not_reported_again()
    {
        var before = Code.Replace("public sealed class", "#pragma warning disable CS8602\npublic sealed class");

        Assert.Empty(Check("src/Shop/Cart.cs", before, before.Replace("0m", "1m")));
    }

    [Fact]
    public void New_nullable_disable_and_SuppressMessage_are_violations()
    {
        var after = "#nullable disable\n" + Code.Replace("    public decimal", "    [System.Diagnostics.CodeAnalysis.SuppressMessage(\"Design\", \"CA1024\")]\n    public decimal");

        var violations = Check("src/Shop/Cart.cs", Code, after);

        Assert.Equal(
            ["src/Shop/Cart.cs:1: new '#nullable disable' turns off nullable warnings", "src/Shop/Cart.cs:6: new [System.Diagnostics.CodeAnalysis.SuppressMessage(\"Design\", \"CA1024\")]"],
            violations.Select(violation => violation.ToString()));
    }

    [Theory]
    [InlineData("$(NoWarn);CS1591</NoWarn>", "$(NoWarn);CS1591;CS8618</NoWarn>", 6, "<NoWarn> now also lists CS8618")]
    [InlineData("<TreatWarningsAsErrors>true<", "<TreatWarningsAsErrors>false<", 5, "TreatWarningsAsErrors set to false")]
    [InlineData("<Nullable>enable<", "<Nullable>annotations<", 4, "<Nullable> changed from enable to annotations, which turns off nullable warnings")]
    [InlineData("<Nullable>enable</Nullable>", "", 0, "<Nullable>enable</Nullable> removed, which turns off nullable warnings")]
    [InlineData("</PropertyGroup>", "  <WarningLevel>1</WarningLevel>\n  </PropertyGroup>", 7, "WarningLevel lowered from the default to 1")]
    public void Weakening_warnings_in_a_project_file_is_a_violation(string find, string replace, int line, string expected)
    {
        var violation = Assert.Single(Check("src/Shop/Shop.csproj", Project, Project.Replace(find, replace)));

        Assert.Equal(new PolicyViolation("suppressed-warning", "src/Shop/Shop.csproj", line, expected), violation);
    }

    [Fact]
    public void A_package_NoWarn_and_an_analyzer_severity_of_none_are_violations()
    {
        var project = Project.Replace("</Project>", "  <ItemGroup>\n    <PackageReference Include=\"Old\" NoWarn=\"NU1605\" />\n  </ItemGroup>\n</Project>");

        Assert.Equal("<NoWarn> now also lists NU1605", Assert.Single(Check("Directory.Build.props", Project, project)).Message);
        Assert.Equal(
            "new 'dotnet_diagnostic.CA1822.severity = none' hides a diagnostic",
            Assert.Single(Check(".editorconfig", "[*.cs]\n", "[*.cs]\ndotnet_diagnostic.CA1822.severity = none\n")).Message);
    }

    [Fact]
    public void An_ordinary_project_edit_is_allowed()
    {
        Assert.Empty(Check("src/Shop/Shop.csproj", Project, Project.Replace("</Project>", "  <ItemGroup><Compile Include=\"x.cs\" /></ItemGroup>\n</Project>")));
    }

    [Theory]
    [InlineData(".github/workflows/ci.yml")]
    [InlineData("global.json")]
    [InlineData("src/Shop/PublicAPI.Shipped.txt")]
    [InlineData("src/Shop/obj/Api.g.cs")]
    [InlineData("src/Shop/Forms/Main.Designer.cs")]
    [InlineData("src/Shop/Model.generated.cs")]
    [InlineData(".ciagent.yml")]
    public void Editing_a_protected_path_is_a_violation(string path)
    {
        var violation = Assert.Single(Check(path, "old", "new"));

        Assert.Equal("protected-path", violation.Rule);
        Assert.StartsWith("protected file changed (matches '", violation.Message);
    }

    [Fact]
    public void Adding_or_deleting_a_protected_file_is_a_violation_too()
    {
        Assert.Equal("protected file added (matches '.github/')", Assert.Single(Check(".github/workflows/new.yml", null, "on: push")).Message);
        Assert.Equal("protected file deleted (matches 'global.json')", Assert.Single(Check("global.json", "{}", null)).Message);
    }

    [Fact]
    public void Configured_paths_add_to_the_defaults_and_a_bang_removes_one()
    {
        var options = IntegrityPolicyOptions.FromConfig(new ConfigPolicy { ProtectedPaths = ["migrations/", "!global.json"], AllowTestEdits = true });

        Assert.Single(Check("migrations/001_init.sql", "a", "b", options));
        Assert.Single(Check(".github/ci.yml", "a", "b", options));
        Assert.Empty(Check("global.json", "a", "b", options));
    }

    [Fact]
    public void An_unchanged_file_is_never_a_violation()
    {
        Assert.Empty(Check("global.json", "{}", "{}"));
    }

    private static IReadOnlyList<PolicyViolation> Check(string path, string? before, string? after, IntegrityPolicyOptions? options = null) =>
        IntegrityPolicy.Check([new FileChange(path, before, after, IsTestFile: false)], options ?? IntegrityPolicyOptions.Default);
}
