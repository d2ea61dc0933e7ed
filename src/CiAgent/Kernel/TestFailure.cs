using System.Collections.Immutable;

namespace CiAgent.Kernel;

/// <summary>One test that failed, with everything needed to look for the cause.</summary>
/// <param name="FullName">The fully qualified test name as the runner reports it.</param>
/// <param name="ClassName">The fully qualified class that declares the test, when known.</param>
/// <param name="MethodName">The test method's name, when known.</param>
/// <param name="Message">The failure message.</param>
/// <param name="StackTrace">The failure's stack trace as reported.</param>
/// <param name="StdOut">What the test wrote to standard output.</param>
/// <param name="Locations">Stack frames that point into the workspace, innermost first.</param>
/// <param name="Assembly">The built test assembly that holds the test, when the runner named it.</param>
public sealed record TestFailure(
    string FullName,
    string? ClassName,
    string? MethodName,
    string? Message,
    string? StackTrace,
    string? StdOut,
    ImmutableArray<SourceLocation> Locations,
    string? Assembly = null);
