using CiAgent.Intake;

namespace CiAgent.Tests.Intake;

public class TestRunArgumentsTests
{
    [Fact]
    public void Test_names_become_an_exact_fully_qualified_name_filter()
    {
        Assert.Equal(
            "FullyQualifiedName=Shop.Tests.CartTests.Totals|FullyQualifiedName=Shop.Tests.CartTests.Empties",
            DotnetTestRunner.BuildVsTestFilter(["Shop.Tests.CartTests.Totals", "Shop.Tests.CartTests.Empties", "Shop.Tests.CartTests.Totals"]));
    }

    [Fact]
    public void A_theory_case_named_with_its_arguments_is_asked_for_with_and_without_them()
    {
        // xUnit reports `Method(value: null)` but filters on `Method`; NUnit filters on the name with its arguments.
        Assert.Equal(
            @"FullyQualifiedName=Shop.Tests.CartTests.Totals\(value: null\)|FullyQualifiedName=Shop.Tests.CartTests.Totals",
            DotnetTestRunner.BuildVsTestFilter(["Shop.Tests.CartTests.Totals(value: null)", "Shop.Tests.CartTests.Totals"]));
    }

    [Fact]
    public void Test_filter_operators_in_a_name_are_escaped()
    {
        Assert.Equal(@"A.B\(x: 1\)\&\|\=\!\~\\", DotnetTestRunner.EscapeFilterValue(@"A.B(x: 1)&|=!~\"));
    }

    [Fact]
    public void Test_filter_characters_that_msbuild_would_split_or_unescape_are_msbuild_escaped()
    {
        Assert.Equal("Outer`2[[A%2C B]]%3B50%25 %22x%22", DotnetTestRunner.EscapeFilterValue("Outer`2[[A, B]];50% \"x\""));
    }

    [Fact]
    public void Test_runs_on_vstest_ask_for_trx_and_for_each_finished_test_on_the_console_but_for_no_blame_collector()
    {
        var arguments = DotnetTestArguments.ForVsTest(
            "/repo/Shop.sln",
            "/tmp/results",
            new TestRunRequest { Filter = ["A.B.C"], NoBuild = true, NoRestore = true, HangTimeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(
            ["test", "/repo/Shop.sln", "--logger", "trx", "--results-directory", "/tmp/results", "--no-build", "--no-restore",
             "--filter", "FullyQualifiedName=A.B.C", "--logger", "console;verbosity=normal"],
            arguments.ToArray());
    }

    [Fact]
    public void Test_runs_on_built_assemblies_name_them_instead_of_the_target_and_run_them_side_by_side()
    {
        var arguments = DotnetTestArguments.ForVsTest(
            "/repo/Shop.sln",
            "/tmp/results",
            new TestRunRequest { Assemblies = ["/repo/a/bin/A.Tests.dll", "/repo/b/bin/B.Tests.dll"], Filter = ["A.B.C"], NoBuild = true, NoRestore = true });

        Assert.Equal(
            ["test", "/repo/a/bin/A.Tests.dll", "/repo/b/bin/B.Tests.dll", "--logger", "trx", "--results-directory", "/tmp/results",
             "--filter", "FullyQualifiedName=A.B.C", "--", "RunConfiguration.MaxCpuCount=0"],
            arguments.ToArray());
    }

    [Fact]
    public void A_target_with_nothing_to_run_side_by_side_is_tested_without_msbuild_worker_nodes_and_assemblies_never_are()
    {
        var request = new TestRunRequest { NoBuild = true, OneMsBuildNode = true };

        Assert.Equal(
            ["test", "/repo/Shop.sln", "--logger", "trx", "--results-directory", "/tmp/results", "--no-build", "-m:1"],
            DotnetTestArguments.ForVsTest("/repo/Shop.sln", "/tmp/results", request).ToArray());
        Assert.DoesNotContain("-m:1", DotnetTestArguments.ForVsTest("/repo/Shop.sln", "/tmp/results", request with { Assemblies = ["/repo/bin/A.Tests.dll"] }));
    }

    [Fact]
    public void Test_runs_on_vstest_collect_a_crash_dump_only_when_asked()
    {
        var arguments = DotnetTestArguments.ForVsTest("/repo/Shop.csproj", "/tmp/results", new TestRunRequest { CollectCrashDump = true });

        Assert.Equal(
            ["test", "/repo/Shop.csproj", "--logger", "trx", "--results-directory", "/tmp/results", "--blame-crash", "--blame-crash-dump-type", "mini"],
            arguments.ToArray());
    }

    [Fact]
    public void Test_runs_on_the_testing_platform_use_solution_trx_and_xunit_filters()
    {
        var arguments = DotnetTestArguments.ForTestingPlatform(
            "/repo/Shop.sln",
            "/tmp/results",
            new TestRunRequest { Filter = ["A.B.C", "A.B.D"], NoBuild = true, HangTimeout = TimeSpan.FromSeconds(5) },
            TestingPlatformExtensions.XunitV3);

        Assert.Equal(
            ["test", "--solution", "/repo/Shop.sln", "--results-directory", "/tmp/results", "--no-ansi", "--no-progress", "--output", "Detailed",
             "--no-build", "--report-xunit-trx", "--filter-method", "A.B.C", "--filter-method", "A.B.D"],
            arguments.ToArray());
    }

    [Fact]
    public void Test_runs_on_the_testing_platform_use_its_own_trx_filter_and_dump_extensions_when_referenced()
    {
        var arguments = DotnetTestArguments.ForTestingPlatform(
            "/repo/Shop.Tests.csproj",
            "/tmp/results",
            new TestRunRequest { Filter = ["A.B(1)"], HangTimeout = TimeSpan.FromSeconds(5), CollectCrashDump = true },
            TestingPlatformExtensions.TrxReport | TestingPlatformExtensions.HangDump | TestingPlatformExtensions.CrashDump);

        Assert.Equal(
            ["test", "--project", "/repo/Shop.Tests.csproj", "--results-directory", "/tmp/results", "--no-ansi", "--no-progress", "--output", "Detailed",
             "--report-trx", "--filter", @"FullyQualifiedName=A.B\(1\)|FullyQualifiedName=A.B", "--hangdump", "--hangdump-timeout", "5000ms", "--hangdump-type", "None",
             "--crashdump", "--crashdump-type", "Mini"],
            arguments.ToArray());
    }

    [Fact]
    public void Test_runner_is_vstest_unless_the_nearest_global_json_opts_into_the_testing_platform()
    {
        var root = Path.Combine(Path.GetTempPath(), "ciagent-globaljson-" + Guid.NewGuid().ToString("N"));
        var nested = Path.Combine(root, "repo", "tests", "Shop.Tests");
        Directory.CreateDirectory(nested);
        try
        {
            var project = Path.Combine(nested, "Shop.Tests.csproj");
            Assert.Equal(TestRunnerKind.VSTest, DotnetTestRunner.DetectRunner(project));

            File.WriteAllText(Path.Combine(root, "global.json"), """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
            Assert.Equal(TestRunnerKind.MicrosoftTestingPlatform, DotnetTestRunner.DetectRunner(project));

            // The SDK reads only the nearest global.json, so one without a runner in between means VSTest.
            File.WriteAllText(Path.Combine(root, "repo", "global.json"), "{ \"sdk\": { \"version\": \"10.0.100\", }, // trailing comma and comment\n}");
            Assert.Equal(TestRunnerKind.VSTest, DotnetTestRunner.DetectRunner(project));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Test_extensions_are_detected_from_project_references()
    {
        var fixture = TestFixtures.CopyToTemp("MtpSample");
        try
        {
            Assert.Equal(TestingPlatformExtensions.XunitV3, TestPlatformDetector.DetectExtensions(Path.Combine(fixture, "MtpSample.csproj")));
            Assert.Equal(TestingPlatformExtensions.XunitV3, TestPlatformDetector.DetectExtensions(fixture));
        }
        finally
        {
            TestFixtures.Delete(fixture);
        }
    }
}
