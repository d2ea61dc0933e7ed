using System.Runtime.CompilerServices;

namespace CiAgent.Tests;

/// <summary>Gives every build and test run the suite starts the .NET SDK's own defaults: the compiler server and MSBuild node reuse on.</summary>
/// <remarks>
/// A machine may turn both off for its own reasons (this one sets <c>UseSharedCompilation=false</c> and <c>MSBUILDDISABLENODEREUSE=1</c>);
/// the suite's hundreds of small fixture builds then each start a fresh compiler and fresh MSBuild nodes. Measured on one end-to-end
/// heal test: 50 s of CPU and 31 s of wall time with them off, 33 s and 20 s with the SDK's defaults. What a heal does does not change:
/// ciagent passes the environment it was given to its builds either way. <c>.ci/run</c> shuts the servers down when the tests end.
/// </remarks>
internal static class SdkBuildDefaults
{
    private static readonly string[] Overrides = ["UseSharedCompilation", "MSBUILDDISABLENODEREUSE"];

#pragma warning disable CA2255 // The suite's own process is the one place this belongs: it must hold before any test starts a build.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        foreach (var name in Overrides)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
