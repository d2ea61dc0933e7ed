namespace CiAgent.Tests.Policy;

/// <summary>The files the route catalog starts from: a test class, its project, a production class and project, a solution.</summary>
internal static class RouteFiles
{
    public const string TestsPath = "tests/Shop.Tests/CartTests.cs";
    public const string TestProjectPath = "tests/Shop.Tests/Shop.Tests.csproj";

    // Line 5: the class; 7-8: the first test; 11: its assertion; 14-15: the test with a tolerance.
    public const string TestCode = """
        using Xunit;

        namespace Shop.Tests;

        public sealed class CartTests
        {
            [Fact]
            public void Checkout_adds_up_every_line()
            {
                var total = new Cart().Total();
                Assert.Equal(134.97m, total);
            }

            [Fact]
            public void Ratio_is_close_enough() => Assert.Equal(6.28, new Cart().Ratio(), 2);
        }
        """;

    public const string TestProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
          </ItemGroup>
        </Project>
        """;

    public const string Code = """
        namespace Shop;

        public sealed class Cart
        {
            public decimal Total() => 0m;
        }
        """;

    public const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <WarningsAsErrors>CS8602;CS8618</WarningsAsErrors>
          </PropertyGroup>
        </Project>
        """;

    public const string Packages = """
        <Project>
          <PropertyGroup>
            <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            <PackageVersion Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageVersion Include="xunit" Version="2.9.3" />
            <PackageVersion Include="xunit.runner.visualstudio" Version="3.1.5" />
          </ItemGroup>
        </Project>
        """;

    // Line 2: Shop, line 4: Shop.Tests; the configuration lines build both.
    public const string Solution = """
        Microsoft Visual Studio Solution File, Format Version 12.00
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Shop", "src\Shop\Shop.csproj", "{11111111-1111-1111-1111-111111111111}"
        EndProject
        Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Shop.Tests", "tests\Shop.Tests\Shop.Tests.csproj", "{22222222-2222-2222-2222-222222222222}"
        EndProject
        Global
        	GlobalSection(ProjectConfigurationPlatforms) = postSolution
        		{11111111-1111-1111-1111-111111111111}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{11111111-1111-1111-1111-111111111111}.Debug|Any CPU.Build.0 = Debug|Any CPU
        		{22222222-2222-2222-2222-222222222222}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{22222222-2222-2222-2222-222222222222}.Debug|Any CPU.Build.0 = Debug|Any CPU
        	EndGlobalSection
        EndGlobal
        """;

    public const string XmlSolution = """
        <Solution>
          <Folder Name="/src/">
            <Project Path="src/Shop/Shop.csproj" />
          </Folder>
          <Folder Name="/tests/">
            <Project Path="tests/Shop.Tests/Shop.Tests.csproj" />
          </Folder>
        </Solution>
        """;

    public const string RunSettings = """
        <RunSettings>
          <RunConfiguration>
            <TestSessionTimeout>600000</TestSessionTimeout>
          </RunConfiguration>
        </RunSettings>
        """;

    /// <summary>A small MSBuild file with one property group holding <paramref name="properties"/> (line 3 onwards).</summary>
    public static string Props(string properties) => $"<Project>\n  <PropertyGroup>\n    {properties}\n  </PropertyGroup>\n</Project>\n";

    /// <summary>A small MSBuild file with one item group holding <paramref name="items"/> (line 3 onwards).</summary>
    public static string Items(string items) => $"<Project>\n  <ItemGroup>\n    {items}\n  </ItemGroup>\n</Project>\n";
}
