namespace CiAgent.Tests.EndToEnd;

/// <summary>A test that fails the first time it runs in a build output and passes after: a flake the harness can rely on.</summary>
internal static class FlakyFixture
{
    /// <summary>Where the flaky test goes in the Geometry fixture.</summary>
    public const string Path = "tests/Geometry.Tests/ClockTests.cs";

    /// <summary>Its fully qualified name.</summary>
    public const string TestName = "Geometry.Tests.ClockTests.The_clock_answers_in_time";

    /// <summary>The test's source.</summary>
    public const string Source = """
        namespace Geometry.Tests;

        public class ClockTests
        {
            [Fact]
            public void The_clock_answers_in_time()
            {
                // Fails the first time it runs in this build output, like a test racing a slow service.
                var marker = Path.Combine(AppContext.BaseDirectory, "clock.marker");
                if (!File.Exists(marker))
                {
                    File.WriteAllText(marker, "seen");
                    Assert.Fail("The clock did not answer within 200 ms.");
                }
            }
        }
        """;
}
