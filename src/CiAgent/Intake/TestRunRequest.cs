using System.Collections.Immutable;

namespace CiAgent.Intake;

/// <summary>Which test runner <c>dotnet test</c> drives in a repository.</summary>
public enum TestRunnerKind
{
    /// <summary>The classic VSTest runner, the default for <c>dotnet test</c>.</summary>
    VSTest,

    /// <summary>Microsoft.Testing.Platform, opted into through <c>global.json</c>.</summary>
    MicrosoftTestingPlatform,
}

/// <summary>Options for one <c>dotnet test</c> run.</summary>
public sealed record TestRunRequest
{
    /// <summary>Fully qualified names of the tests to run; empty runs them all.</summary>
    public ImmutableArray<string> Filter { get; init; } = [];

    /// <summary>
    /// Built VSTest assemblies to run instead of the target (with <see cref="NoBuild"/>): <c>dotnet test</c> then skips MSBuild's
    /// evaluation of the test projects. Ignored for Microsoft.Testing.Platform.
    /// </summary>
    public ImmutableArray<string> Assemblies { get; init; } = [];

    /// <summary>Runs VSTest's MSBuild pass over the target in MSBuild's own process only (<c>-m:1</c>), for a target with nothing to run side by side.</summary>
    public bool OneMsBuildNode { get; init; }

    /// <summary>Skips the build and runs what was built before.</summary>
    public bool NoBuild { get; init; }

    /// <summary>Skips the implicit restore.</summary>
    public bool NoRestore { get; init; }

    /// <summary>How long one test may run without finishing before the run is stopped and the test reported as hung; null disables hang detection.</summary>
    public TimeSpan? HangTimeout { get; init; }

    /// <summary>How long the whole <c>dotnet test</c> process may run before it is killed; a last resort behind <see cref="HangTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Asks the runner to write a memory dump when the test host crashes; off by default because each dump is hundreds of megabytes.</summary>
    public bool CollectCrashDump { get; init; }

    /// <summary>Stack frames in files under this folder become failure locations; null uses the target's folder.</summary>
    public string? WorkspaceRoot { get; init; }

    /// <summary>Forces a runner instead of detecting it from <c>global.json</c>.</summary>
    public TestRunnerKind? Runner { get; init; }
}
