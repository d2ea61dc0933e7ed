using CiAgent.Intake;

namespace CiAgent.Tests.Intake;

public class BuildDiagnosticCollectorTests
{
    [Fact]
    public void Lines_that_differ_only_in_the_project_suffix_are_one_diagnostic()
    {
        var collector = new BuildDiagnosticCollector();

        collector.Add("/s/A.cs(1,2): error CS0246: T not found [/s/A.csproj::TargetFramework=net8.0]");
        collector.Add("/s/A.cs(1,2): error CS0246: T not found [/s/A.csproj::TargetFramework=net10.0]");
        collector.Add("/s/A.cs(1,2): error CS0246: T not found [/s/A.csproj]");

        var error = Assert.Single(collector.Diagnostics);
        Assert.Equal("/s/A.csproj", error.Project);
    }

    [Fact]
    public void Diagnostics_that_differ_in_location_severity_code_or_message_are_kept_apart()
    {
        var collector = new BuildDiagnosticCollector();

        collector.Add("/s/A.cs(1,2): error CS0246: T not found [/s/A.csproj]");
        collector.Add("/s/A.cs(1,3): error CS0246: T not found [/s/A.csproj]");
        collector.Add("/s/A.cs(2,2): error CS0246: T not found [/s/A.csproj]");
        collector.Add("/s/B.cs(1,2): error CS0246: T not found [/s/A.csproj]");
        collector.Add("/s/A.cs(1,2): warning CS0246: T not found [/s/A.csproj]");
        collector.Add("/s/A.cs(1,2): error CS0247: T not found [/s/A.csproj]");
        collector.Add("/s/A.cs(1,2): error CS0246: U not found [/s/A.csproj]");

        Assert.Equal(7, collector.Diagnostics.Count);
        Assert.Equal(6, collector.Errors.Count);
        Assert.Single(collector.Warnings);
    }

    [Fact]
    public void Past_the_capacity_distinct_diagnostics_are_counted_not_kept()
    {
        var collector = new BuildDiagnosticCollector(capacity: 3);

        for (var pass = 0; pass < 2; pass++)
        {
            // The second pass plays the end summary, which must not count the dropped ones twice.
            for (var i = 1; i <= 10; i++)
            {
                collector.Add($"/s/A.cs({i},1): error CS0246: T{i} not found [/s/A.csproj]");
            }
        }

        Assert.Equal([1, 2, 3], collector.Diagnostics.Select(d => d.Line));
        Assert.Equal(7, collector.DroppedCount);
    }

    [Fact]
    public void A_flood_of_output_stays_within_the_capacity()
    {
        // 20 MB rather than 100: past the capacity nothing more is kept, so size only adds run time.
        var collector = new BuildDiagnosticCollector();
        long characters = 0;
        for (var i = 0; characters < 20_000_000; i++)
        {
            var line = i % 4 == 0
                ? $"/src/Generated/File{i}.cs({i % 500 + 1},9): warning CS8602: Dereference of a possibly null reference. [/src/App/App.csproj::TargetFramework=net10.0]"
                : $"  App -> /src/App/bin/Debug/net10.0/App{i}.dll and some ordinary chatter about the build step";
            characters += line.Length + 1;
            collector.Add(line);
        }

        Assert.Equal(BuildDiagnosticCollector.DefaultCapacity, collector.Diagnostics.Count);
        Assert.True(collector.DroppedCount > 20_000, $"dropped {collector.DroppedCount}");
    }

    [Fact]
    public void Ordinary_lines_are_ignored()
    {
        var collector = new BuildDiagnosticCollector();

        collector.Add("Build FAILED.");
        collector.Add("    0 Warning(s)");
        collector.Add("    1 Error(s)");
        collector.Add("");

        Assert.Empty(collector.Diagnostics);
        Assert.Equal(0, collector.DroppedCount);
    }
}
