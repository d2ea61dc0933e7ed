using CiAgent.Outputs.Hosts;

namespace CiAgent.Tests.Hosts;

public sealed class LogSetupTests
{
    [Theory]
    [InlineData(false, new[] { "INF hello", "WRN careful" })]
    [InlineData(true, new[] { "DBG detail", "INF hello", "WRN careful" })]
    public void Log_lines_are_single_plain_lines_with_time_and_level(bool debug, string[] expected)
    {
        var output = new StringWriter { NewLine = "\n" };
        using (var log = LogSetup.Create(debug, output))
        {
            log.Debug("detail");
            log.Information("hello");
            log.Warning("careful");
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(@"^\[\d\d:\d\d:\d\d [A-Z]{3}\] \w+$", line));
        Assert.Equal(expected, lines.Select(line => line[10..].Replace("] ", " ", StringComparison.Ordinal)));
    }
}
